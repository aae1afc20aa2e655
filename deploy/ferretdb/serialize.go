package main

import (
	"encoding/binary"
	"errors"
	"io"
	"log"
	"net"
	"sync"
)

// FerretDB v1 applies an update as "query, then write" without isolation, so two concurrent
// updates of one document can lose one of them (MongoDB never does). The services rely on
// single-document updates being atomic, so this front door hands FerretDB one request at a
// time: every client connection gets its own upstream connection (cursors stay per connection),
// and a request and its reply are exchanged while holding one lock.

const (
	opQuery      = 2004
	opMsg        = 2013
	moreToCome   = 1 << 1
	headerLength = 16
	maxMessage   = 48 * 1024 * 1024
)

type serializer struct {
	mu       sync.Mutex
	upstream string
}

func (s *serializer) listen(addr string) error {
	listener, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	for {
		client, err := listener.Accept()
		if err != nil {
			return err
		}
		go s.serve(client)
	}
}

func (s *serializer) serve(client net.Conn) {
	defer client.Close()
	upstream, err := net.Dial("unix", s.upstream)
	if err != nil {
		log.Printf("upstream unavailable: %v", err)
		return
	}
	defer upstream.Close()
	for {
		request, err := readMessage(client)
		if err != nil {
			return
		}
		if err := s.exchange(request, client, upstream); err != nil {
			return
		}
	}
}

// exchange forwards one request and its replies; monitoring handshakes skip the lock
// because a server may hold them open (awaitable hello).
func (s *serializer) exchange(request []byte, client, upstream net.Conn) error {
	if !isHandshake(request) {
		s.mu.Lock()
		defer s.mu.Unlock()
	}
	if _, err := upstream.Write(request); err != nil {
		return err
	}
	if !expectsReply(request) {
		return nil
	}
	for {
		reply, err := readMessage(upstream)
		if err != nil {
			return err
		}
		if _, err := client.Write(reply); err != nil {
			return err
		}
		if opCode(reply) != opMsg || flags(reply)&moreToCome == 0 {
			return nil
		}
	}
}

func readMessage(conn net.Conn) ([]byte, error) {
	header := make([]byte, headerLength)
	if _, err := io.ReadFull(conn, header); err != nil {
		return nil, err
	}
	length := int(int32(binary.LittleEndian.Uint32(header)))
	if length < headerLength || length > maxMessage {
		return nil, errors.New("invalid message length")
	}
	message := make([]byte, length)
	copy(message, header)
	_, err := io.ReadFull(conn, message[headerLength:])
	return message, err
}

func opCode(message []byte) int32 {
	return int32(binary.LittleEndian.Uint32(message[12:16]))
}

func flags(message []byte) uint32 {
	if len(message) < headerLength+4 {
		return 0
	}
	return binary.LittleEndian.Uint32(message[16:20])
}

func expectsReply(message []byte) bool {
	switch opCode(message) {
	case opMsg:
		return flags(message)&moreToCome == 0
	case opQuery:
		return true
	default:
		return false
	}
}

// isHandshake tells whether an OP_MSG's command (the first key of its body) is hello/isMaster.
func isHandshake(message []byte) bool {
	const bodyKind, firstKey = 20, 26 // header, flagBits, kind byte, document length, element type
	if opCode(message) != opMsg || len(message) <= firstKey || message[bodyKind] != 0 {
		return false
	}
	end := firstKey
	for end < len(message) && message[end] != 0 {
		end++
	}
	switch string(message[firstKey:end]) {
	case "hello", "isMaster", "ismaster":
		return true
	}
	return false
}
