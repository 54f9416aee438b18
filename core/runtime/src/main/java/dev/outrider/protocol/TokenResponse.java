package dev.outrider.protocol;

import java.util.Objects;

/** The answer to {@code POST /refresh}: a job's new log token. */
record TokenResponse(String token) {
    TokenResponse {
        token = Objects.requireNonNullElse(token, "");
    }

    @Override
    public String toString() {
        return "TokenResponse[token=<redacted>]";
    }
}
