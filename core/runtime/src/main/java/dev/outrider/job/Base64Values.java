package dev.outrider.job;

import java.util.Base64;

/**
 * Decodes the base64 of job requests as Semaphore's agent does: standard alphabet, padding
 * required, line breaks ignored.
 */
public final class Base64Values {

    private Base64Values() {
    }

    /**
     * @param value standard base64 with padding
     * @return the decoded bytes
     * @throws IllegalArgumentException with the reason when the value is not valid base64
     */
    public static byte[] decode(String value) {
        String compact = value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0
                ? value.replace("\r", "").replace("\n", "")
                : value;
        for (int i = 0; i < compact.length(); i++) {
            char c = compact.charAt(i);
            boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/' || c == '=';
            if (!alphabet) {
                throw new IllegalArgumentException("illegal character '" + c + "' at position " + i);
            }
        }
        if (compact.length() % 4 != 0) {
            throw new IllegalArgumentException("the length (" + compact.length()
                    + " characters) is not a multiple of 4: padding with '=' is required");
        }
        return Base64.getDecoder().decode(compact);
    }
}
