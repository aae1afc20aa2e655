// Command ferretdb-local runs FerretDB v1 (SQLite backend) on loopback for local runs and tests.
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
	dataDir := flag.String("data-dir", "data", "directory that holds the SQLite databases")
	flag.Parse()

	if err := os.MkdirAll(*dataDir, 0o755); err != nil {
		log.Fatal(err)
	}

	socket := filepath.Join(*dataDir, "ferretdb.sock")
	_ = os.Remove(socket)

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	server, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{Unix: socket},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + *dataDir + "/",
	})
	if err != nil {
		log.Fatal(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	go func() {
		front := &serializer{upstream: socket}
		log.Fatal(front.listen(*listen))
	}()

	log.Printf("ferretdb-local listening on %s, data in %s", *listen, *dataDir)
	if err := server.Run(ctx); err != nil {
		log.Fatal(err)
	}
}
