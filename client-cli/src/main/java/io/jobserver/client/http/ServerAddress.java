package io.jobserver.client.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Base URL of a job-server, split into the parts the HTTP client connects with.
 *
 * @param text the URL as the user gave it, without a trailing slash
 * @param host host name or address
 * @param port TCP port, taken from the scheme when the URL names none
 * @param secure whether the scheme is https
 * @param basePath path prefix put before every API path, empty for the server root
 */
public record ServerAddress(String text, String host, int port, boolean secure, String basePath) {

    private static final int MIN_PORT = 1;
    private static final int MAX_PORT = 65_535;

    /**
     * Parses a base URL such as {@code http://localhost:8080}.
     *
     * @throws IllegalArgumentException when the text is not an absolute http or https URL with a host and, if it
     *     names a port, a port from 1 to 65535
     */
    public static ServerAddress parse(String url) {
        String trimmed = url.strip();
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + url + "' is not a valid URL; use a form like http://localhost:8080");
        }

        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("'" + url + "' is not an http or https URL; use a form like http://localhost:8080");
        }

        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            // java.net.URI leaves the host null both when the authority is missing and when it is not a valid
            // host[:port], such as 127.0.0.1:abc or a host name with an underscore.
            String problem = uri.getRawAuthority() == null || uri.getRawAuthority().isEmpty()
                    ? "names no host"
                    : "has an invalid host or port";
            throw new IllegalArgumentException("'" + url + "' " + problem + "; use a form like http://localhost:8080");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("'" + url + "' contains user information, which job-server does not use;"
                    + " give only the server's base URL");
        }
        // java.net.URI accepts any port that fits an int, so 0 and values above 65535 are rejected here.
        if (uri.getPort() != -1 && (uri.getPort() < MIN_PORT || uri.getPort() > MAX_PORT)) {
            throw new IllegalArgumentException("'" + url + "' has the port " + uri.getPort() + ", but a TCP port must be from "
                    + MIN_PORT + " to " + MAX_PORT + "; use a form like http://localhost:8080");
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("'" + url + "' has a query or fragment; give only the server's base URL");
        }

        boolean secure = scheme.equals("https");
        int port = uri.getPort() != -1 ? uri.getPort() : (secure ? 443 : 80);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String text = trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        return new ServerAddress(text, host, port, secure, basePath);
    }

    /** Returns the request URI for an API path such as {@code /job}. */
    public String requestUri(String apiPath) {
        return basePath + apiPath;
    }

    @Override
    public String toString() {
        return text;
    }
}
