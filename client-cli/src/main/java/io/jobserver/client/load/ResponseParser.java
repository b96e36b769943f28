package io.jobserver.client.load;

import io.vertx.core.buffer.Buffer;

/**
 * Incremental parser of HTTP/1.1 responses for the load generator: it reads the status code, the framing
 * (Content-Length, chunked, or until the connection closes) and whether the server closes the connection, and
 * keeps the body only when asked. It skips the general header parsing of a full HTTP client, which costs more
 * CPU than the rest of a load-test request.
 */
final class ResponseParser {

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private enum State { HEAD, FIXED_BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_DATA_END, TRAILERS, UNTIL_CLOSE, DONE }

    private Buffer input = Buffer.buffer(512);
    private int position;
    private State state = State.HEAD;
    private int statusCode;
    private boolean connectionClose;
    private long remaining;
    private boolean keepBody;
    private Buffer body;

    /** Starts parsing a new response; {@link #body()} returns its body only when {@code keepBody} is true. */
    void expect(boolean keepBody) {
        this.keepBody = keepBody;
        this.body = keepBody ? Buffer.buffer(64) : null;
        this.state = State.HEAD;
        this.statusCode = 0;
        this.connectionClose = false;
        this.remaining = 0;
    }

    /**
     * Adds received bytes and parses as far as they go.
     *
     * @return whether the response is complete
     * @throws IllegalStateException when the bytes are not a valid HTTP/1.1 response
     */
    boolean feed(Buffer chunk) {
        if (position == input.length()) {
            input = chunk;
            position = 0;
        } else {
            input.appendBuffer(chunk);
        }
        boolean progress = true;
        while (progress && state != State.DONE) {
            progress = step();
        }
        return state == State.DONE;
    }

    /** Completes a response whose body runs until the connection closes; returns whether one was in progress. */
    boolean closeReceived() {
        if (state == State.UNTIL_CLOSE) {
            state = State.DONE;
            return true;
        }
        return false;
    }

    int statusCode() {
        return statusCode;
    }

    Buffer body() {
        return body;
    }

    /** Returns whether the server asked to close the connection after this response. */
    boolean isConnectionClose() {
        return connectionClose;
    }

    /** Drops any unread bytes, for a connection that was closed or reset. */
    void reset() {
        input = Buffer.buffer(512);
        position = 0;
        state = State.HEAD;
    }

    private boolean step() {
        return switch (state) {
            case HEAD -> parseHead();
            case FIXED_BODY, CHUNK_DATA -> consumeBody();
            case CHUNK_SIZE -> parseChunkSize();
            case CHUNK_DATA_END -> consumeLineEnd();
            case TRAILERS -> parseTrailers();
            case UNTIL_CLOSE -> consumeUntilClose();
            case DONE -> false;
        };
    }

    private boolean parseHead() {
        int end = indexOfBlankLine(position);
        if (end < 0) {
            return false;
        }
        int lineEnd = indexOfLineEnd(position);
        parseStatusLine(position, lineEnd);
        long contentLength = -1;
        boolean chunked = false;
        int lineStart = lineEnd + 2;
        while (lineStart < end) {
            int next = indexOfLineEnd(lineStart);
            int colon = indexOf((byte) ':', lineStart, next);
            if (colon > 0) {
                if (nameEquals(lineStart, colon, "content-length")) {
                    contentLength = parseDecimal(colon + 1, next);
                } else if (nameEquals(lineStart, colon, "transfer-encoding")) {
                    chunked = valueContains(colon + 1, next, "chunked");
                } else if (nameEquals(lineStart, colon, "connection")) {
                    connectionClose = valueContains(colon + 1, next, "close");
                }
            }
            lineStart = next + 2;
        }
        position = end + 4;
        if (statusCode / 100 == 1 || statusCode == 204 || statusCode == 304) {
            state = State.DONE;
        } else if (chunked) {
            state = State.CHUNK_SIZE;
        } else if (contentLength >= 0) {
            remaining = contentLength;
            state = remaining == 0 ? State.DONE : State.FIXED_BODY;
        } else {
            connectionClose = true;
            state = State.UNTIL_CLOSE;
        }
        return true;
    }

    private void parseStatusLine(int start, int end) {
        // "HTTP/1.1 200 Reason": the code is the three digits after the first space.
        int space = indexOf((byte) ' ', start, end);
        if (space < 0 || space + 4 > end || !startsWith(start, "HTTP/")) {
            throw new IllegalStateException("invalid status line");
        }
        statusCode = (int) parseDecimal(space + 1, space + 4);
    }

    private boolean consumeBody() {
        int available = input.length() - position;
        if (available == 0) {
            return false;
        }
        int take = (int) Math.min(available, remaining);
        if (keepBody) {
            body.appendBuffer(input, position, take);
        }
        position += take;
        remaining -= take;
        if (remaining > 0) {
            return false;
        }
        state = state == State.FIXED_BODY ? State.DONE : State.CHUNK_DATA_END;
        return true;
    }

    private boolean parseChunkSize() {
        int lineEnd = indexOfLineEnd(position);
        if (lineEnd < 0) {
            return false;
        }
        int sizeEnd = indexOf((byte) ';', position, lineEnd);
        remaining = parseHex(position, sizeEnd < 0 ? lineEnd : sizeEnd);
        position = lineEnd + 2;
        state = remaining == 0 ? State.TRAILERS : State.CHUNK_DATA;
        return true;
    }

    private boolean consumeLineEnd() {
        if (input.length() - position < 2) {
            return false;
        }
        position += 2;
        state = State.CHUNK_SIZE;
        return true;
    }

    private boolean parseTrailers() {
        int lineEnd = indexOfLineEnd(position);
        if (lineEnd < 0) {
            return false;
        }
        boolean lastLine = lineEnd == position;
        position = lineEnd + 2;
        if (lastLine) {
            state = State.DONE;
        }
        return true;
    }

    private boolean consumeUntilClose() {
        int available = input.length() - position;
        if (keepBody && available > 0) {
            body.appendBuffer(input, position, available);
        }
        position += available;
        return false;
    }

    private int indexOfBlankLine(int from) {
        for (int i = from; i + 3 < input.length(); i++) {
            if (input.getByte(i) == CR && input.getByte(i + 1) == LF && input.getByte(i + 2) == CR && input.getByte(i + 3) == LF) {
                return i;
            }
        }
        return -1;
    }

    private int indexOfLineEnd(int from) {
        for (int i = from; i + 1 < input.length(); i++) {
            if (input.getByte(i) == CR && input.getByte(i + 1) == LF) {
                return i;
            }
        }
        return -1;
    }

    private int indexOf(byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (input.getByte(i) == wanted) {
                return i;
            }
        }
        return -1;
    }

    private boolean startsWith(int from, String prefix) {
        for (int i = 0; i < prefix.length(); i++) {
            if (from + i >= input.length() || input.getByte(from + i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean nameEquals(int from, int to, String lowerCaseName) {
        if (to - from != lowerCaseName.length()) {
            return false;
        }
        for (int i = 0; i < lowerCaseName.length(); i++) {
            if (Character.toLowerCase((char) input.getByte(from + i)) != lowerCaseName.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean valueContains(int from, int to, String lowerCaseToken) {
        StringBuilder value = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            value.append(Character.toLowerCase((char) input.getByte(i)));
        }
        return value.indexOf(lowerCaseToken) >= 0;
    }

    private long parseDecimal(int from, int to) {
        long value = 0;
        boolean digits = false;
        for (int i = from; i < to; i++) {
            byte b = input.getByte(i);
            if (b >= '0' && b <= '9') {
                value = value * 10 + (b - '0');
                digits = true;
            } else if (b != ' ' && b != '\t') {
                throw new IllegalStateException("invalid number in response head");
            }
        }
        if (!digits) {
            throw new IllegalStateException("missing number in response head");
        }
        return value;
    }

    private long parseHex(int from, int to) {
        long value = 0;
        boolean digits = false;
        for (int i = from; i < to; i++) {
            int digit = Character.digit((char) input.getByte(i), 16);
            if (digit >= 0) {
                value = value * 16 + digit;
                digits = true;
            } else if (input.getByte(i) != ' ') {
                throw new IllegalStateException("invalid chunk size");
            }
        }
        if (!digits) {
            throw new IllegalStateException("missing chunk size");
        }
        return value;
    }
}
