// Command ferretdb-local runs FerretDB v1 on loopback for local runs and tests, on a PostgreSQL
// database when -postgresql-url is given (FerretDB's main backend: equality filters run inside
// PostgreSQL), otherwise on SQLite files in -data-dir.
//
// It embeds FerretDB's public package instead of `go install ...cmd/ferretdb`: a module-cache build of
// cmd/ferretdb panics because its generated version.txt is absent from the published module.
// Clients reach FerretDB through a front door that hands it one request at a time (serialize.go).
package main

import (
	"context"
	"flag"
	"log"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen-addr", "127.0.0.1:27017", "TCP address to listen on")
	dataDir := flag.String("data-dir", "data", "directory for the socket and the SQLite databases")
	postgresURL := flag.String("postgresql-url", "", "PostgreSQL URL; SQLite in -data-dir when empty")
	flag.Parse()

	if err := os.MkdirAll(*dataDir, 0o755); err != nil {
		log.Fatal(err)
	}

	socket := filepath.Join(*dataDir, "ferretdb.sock")
	_ = os.Remove(socket)

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	config := &ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{Unix: socket},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + *dataDir + "/",
	}
	if *postgresURL != "" {
		config.Handler = "postgresql"
		config.PostgreSQLURL = *postgresURL
	}
	server, err := ferretdb.New(config)
	if err != nil {
		log.Fatal(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	go func() {
		front := &serializer{upstream: socket}
		log.Fatal(front.listen(*listen))
	}()

	log.Printf("ferretdb-local (%s) listening on %s", config.Handler, *listen)
	if err := server.Run(ctx); err != nil {
		log.Fatal(err)
	}
}
