package com.example.booking.api;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * STOMP over a hand-written WebSocket on a plain socket, for what library clients do not do: sending
 * frames without waiting for answers, and stopping to read.
 */
final class RawStompSocket implements AutoCloseable {

    final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    private RawStompSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Opens the WebSocket at {@code /ws}; a {@code receiveBuffer} above 0 sets the socket's receive buffer. */
    static RawStompSocket open(int port, int receiveBuffer) throws Exception {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        RawStompSocket raw = new RawStompSocket(socket);
        String key = Base64.getEncoder().encodeToString(UUID.randomUUID().toString().substring(0, 16).getBytes(StandardCharsets.US_ASCII));
        raw.out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: v12.stomp\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        raw.out.flush();
        StringBuilder handshake = new StringBuilder();
        while (!handshake.toString().endsWith("\r\n\r\n")) {
            int b = raw.in.read();
            assertThat(b).as("handshake answer").isNotNegative();
            handshake.append((char) b);
        }
        assertThat(handshake.toString()).startsWith("HTTP/1.1 101");
        return raw;
    }

    void connect(String token) throws IOException {
        send(connectFrame(token));
    }

    void subscribe(String id, String destination) throws IOException {
        send(subscribeFrame(id, destination));
    }

    /** CONNECT and SUBSCRIBE in one WebSocket message, the closest a client can send them. */
    void connectAndSubscribeAtOnce(String token, String id, String destination) throws IOException {
        send(connectFrame(token) + subscribeFrame(id, destination));
    }

    private static String connectFrame(String token) {
        return "CONNECT\naccept-version:1.2\nhost:127.0.0.1\nheart-beat:0,0\nAuthorization:Bearer " + token + "\n\n\0";
    }

    private static String subscribeFrame(String id, String destination) {
        return "SUBSCRIBE\nid:" + id + "\ndestination:" + destination + "\n\n\0";
    }

    /** One masked WebSocket text frame, as clients must send them. */
    void send(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        out.write(0x81);
        if (payload.length < 126) {
            out.write(0x80 | payload.length);
        } else {
            out.write(0x80 | 126);
            out.write(payload.length >> 8);
            out.write(payload.length & 0xff);
        }
        out.write(mask);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ mask[i % 4]);
        }
        out.flush();
    }

    /** The next whole message from the server, as text; a close frame reads as {@code "CLOSE <status>"}. */
    String read() throws IOException {
        StringBuilder message = new StringBuilder();
        boolean last = false;
        while (!last) {
            int head = in.readUnsignedByte();
            last = (head & 0x80) != 0;
            long length = in.readUnsignedByte() & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = in.readNBytes((int) length);
            if ((head & 0x0f) == 0x8) {
                return "CLOSE " + (payload.length >= 2 ? ((payload[0] & 0xff) << 8 | (payload[1] & 0xff)) : "");
            }
            message.append(new String(payload, StandardCharsets.UTF_8));
        }
        return message.toString();
    }

    /** Whether the server has written more than {@code bytes} this client has not read yet. */
    boolean waiting(int bytes) {
        try {
            return in.available() > bytes;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
