package dev.outrider.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the job's containers reach the agent's toolbox channel (the {@code cache} command's), which
 * listens on the host's 127.0.0.1: a Unix socket in the job's work folder, mounted into the main
 * container, whose connections are relayed to the channel. Only the job's own container sees the
 * socket, and the channel still wants the job's token.
 */
final class ToolboxRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ToolboxRelay.class);

    private final ServerSocketChannel server;
    private final Path socket;
    private final InetSocketAddress target;

    private ToolboxRelay(ServerSocketChannel server, Path socket, InetSocketAddress target) {
        this.server = server;
        this.socket = socket;
        this.target = target;
    }

    /**
     * @param socket  where the Unix socket is made
     * @param channel the toolbox channel's URL, {@code http://127.0.0.1:PORT}
     */
    static ToolboxRelay start(Path socket, String channel) {
        URI url = URI.create(channel);
        try {
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            // the container's user may be anyone; the folder around it stays the agent's
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
            ToolboxRelay relay = new ToolboxRelay(server, socket, new InetSocketAddress(url.getHost(), url.getPort()));
            Thread.ofVirtual().name("toolbox-relay").start(relay::accept);
            return relay;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the toolbox socket " + socket + ": " + e.getMessage(), e);
        }
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                Thread.ofVirtual().name("toolbox-relay-connection").start(() -> relay(client));
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.debug("Toolbox relay: {}", e.toString());
                }
            }
        }
    }

    private void relay(SocketChannel client) {
        try (client; SocketChannel agent = SocketChannel.open(target)) {
            Thread back = Thread.ofVirtual().start(() -> pump(agent, client));
            pump(client, agent);
            back.join();
        } catch (IOException e) {
            LOG.debug("Toolbox relay: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Copies one direction until it ends, then passes the end on. */
    private static void pump(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // going away anyway
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.debug("Toolbox relay: {}", e.toString());
        }
    }
}
