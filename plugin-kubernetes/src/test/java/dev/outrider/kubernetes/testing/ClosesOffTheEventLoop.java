package dev.outrider.kubernetes.testing;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Keeps the mock API server's event loop free when a watch stream closes. fabric8's mock (8.0.0) ends a
 * watch in {@code WatchEventsListener.onClosed}/{@code onFailure} by waiting, on the server's only event
 * loop, up to a minute for the watch's sender thread — which may itself wait for that event loop to send
 * an event. Under load the server then stood still for about 30 s (every request, exec streams included),
 * and a job's exec upgrade met a half-updated world. Here those two callbacks run on a thread of their own.
 */
public final class ClosesOffTheEventLoop {

    private static final ExecutorService CLOSER = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("mock-watch-close-", 0).factory());

    private ClosesOffTheEventLoop() {
    }

    /** @return the response, its WebSocket listener (if any) wrapped so that closing does not block */
    public static MockResponse wrap(MockResponse response) {
        WebSocketListener listener = response == null ? null : response.getWebSocketListener();
        if (listener == null || listener instanceof Wrapped) {
            return response;
        }
        return response.withWebSocketUpgrade(new Wrapped(listener));
    }

    private static final class Wrapped extends WebSocketListener {
        private final WebSocketListener delegate;

        Wrapped(WebSocketListener delegate) {
            this.delegate = delegate;
        }

        @Override
        public void onBeforeAccept(WebSocket webSocket, Response response) {
            delegate.onBeforeAccept(webSocket, response);
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            delegate.onOpen(webSocket, response);
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            delegate.onMessage(webSocket, text);
        }

        @Override
        public void onMessage(WebSocket webSocket, ByteString bytes) {
            delegate.onMessage(webSocket, bytes);
        }

        @Override
        public void onMessage(WebSocket webSocket, byte[] bytes) {
            delegate.onMessage(webSocket, bytes);
        }

        @Override
        public void onPing(WebSocket webSocket, byte[] payload) {
            delegate.onPing(webSocket, payload);
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            delegate.onClosing(webSocket, code, reason);
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            CLOSER.execute(() -> delegate.onClosed(webSocket, code, reason));
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable error, Response response) {
            CLOSER.execute(() -> delegate.onFailure(webSocket, error, response));
        }
    }
}
