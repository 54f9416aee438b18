package dev.outrider.protocol;

import java.util.Objects;

/**
 * The answer to {@code POST /register}.
 *
 * @param name  the agent's name from now on
 * @param token the agent's access token
 */
public record RegisterResponse(String name, String token) {
    public RegisterResponse {
        name = Objects.requireNonNullElse(name, "");
        token = Objects.requireNonNullElse(token, "");
    }

    @Override
    public String toString() {
        return "RegisterResponse[name=" + name + ", token=<redacted>]";
    }
}
