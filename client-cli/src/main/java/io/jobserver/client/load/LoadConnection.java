package io.jobserver.client.load;

import io.jobserver.client.http.ClientFailure;
import io.jobserver.client.http.ServerAddress;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;

/**
 * One keep-alive HTTP/1.1 connection of a load generator. It sends one request at a time, connects lazily and
 * again after the server closed it, and reports each request's outcome once. Only its generator's context calls it.
 */
final class LoadConnection {

    private final NetClient netClient;
    private final ServerAddress server;
    private final ResponseParser parser = new ResponseParser();
    private NetSocket socket;
    private Listener listener;
    private long sentAtNanos;

    /** Receives the outcome of the request in flight. */
    interface Listener {
        void onResponse(int statusCode, Buffer body);

        void onFailure(ClientFailure failure);
    }

    LoadConnection(NetClient netClient, ServerAddress server) {
        this.netClient = netClient;
        this.server = server;
    }

    /** Sends a request; the listener receives the response body only when {@code keepBody} is true. */
    void send(Buffer request, boolean keepBody, Listener requestListener) {
        listener = requestListener;
        sentAtNanos = System.nanoTime();
        parser.expect(keepBody);
        if (socket != null) {
            socket.write(request);
            return;
        }
        Future<NetSocket> connecting;
        try {
            connecting = netClient.connect(server.port(), server.host());
        } catch (RuntimeException e) {
            // Vert.x throws some errors, such as a port out of range, instead of failing the future. The request
            // must still be reported, because its generator waits for every request it sent.
            fail(ClientFailure.classify(e));
            return;
        }
        connecting.onComplete(connected -> {
            if (connected.failed()) {
                fail(ClientFailure.classify(connected.cause()));
                return;
            }
            socket = connected.result();
            NetSocket current = socket;
            current.handler(this::onData);
            current.closeHandler(ignored -> onClosed(current));
            current.exceptionHandler(failure -> onError(current, failure));
            current.write(request);
        });
    }

    /** Fails the request in flight with a timeout and closes the connection when it was sent too long ago. */
    void expireIfOlderThan(long nowNanos, long timeoutNanos) {
        if (listener != null && nowNanos - sentAtNanos > timeoutNanos) {
            closeSocket();
            fail(ClientFailure.TIMED_OUT);
        }
    }

    /** Closes the connection; a request in flight is not reported. */
    void close() {
        listener = null;
        closeSocket();
    }

    private void onData(Buffer chunk) {
        if (listener == null) {
            return;
        }
        boolean complete;
        try {
            complete = parser.feed(chunk);
        } catch (IllegalStateException e) {
            closeSocket();
            fail(ClientFailure.INVALID_RESPONSE);
            return;
        }
        if (complete) {
            if (parser.isConnectionClose()) {
                closeSocket();
            }
            succeed();
        }
    }

    private void onClosed(NetSocket closed) {
        if (closed != socket) {
            return;
        }
        socket = null;
        if (listener == null) {
            parser.reset();
            return;
        }
        if (parser.closeReceived()) {
            succeed();
        } else {
            fail(ClientFailure.CONNECTION_CLOSED);
        }
        parser.reset();
    }

    private void onError(NetSocket failed, Throwable failure) {
        if (failed != socket) {
            return;
        }
        closeSocket();
        fail(ClientFailure.classify(failure));
    }

    private void closeSocket() {
        NetSocket closing = socket;
        socket = null;
        parser.reset();
        if (closing != null) {
            closing.close();
        }
    }

    private void succeed() {
        Listener completed = listener;
        listener = null;
        completed.onResponse(parser.statusCode(), parser.body());
    }

    private void fail(ClientFailure failure) {
        Listener failed = listener;
        listener = null;
        if (failed != null) {
            failed.onFailure(failure);
        }
    }
}
