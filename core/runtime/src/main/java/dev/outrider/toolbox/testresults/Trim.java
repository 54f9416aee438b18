package dev.outrider.toolbox.testresults;


/**
 * Cuts long outputs and failure texts to their last bytes, as results are loaded for merging:
 * a cut text keeps its last {@code limit} UTF-8 bytes (whole characters only) after a
 * {@code ...[truncated]...} line.
 *
 * @param limit the bytes to keep; 0 or less keeps everything
 */
record Trim(int limit) {

    static final int DEFAULT_LIMIT = 1000;
    static final Trim NONE = new Trim(0);
    private static final String MARK = "...[truncated]...\n";

    /**
     * @param noTrimFlag     {@code --no-trim-output}
     * @param trimTo         {@code --trim-output-to}
     * @param noTrimVariable {@code SEMAPHORE_TEST_RESULTS_NO_TRIM}, honoured only while {@code trimTo} is the default
     */
    static Trim of(boolean noTrimFlag, int trimTo, String noTrimVariable) {
        if (noTrimFlag || (noTrimVariable.equals("true") && trimTo == DEFAULT_LIMIT)) {
            return NONE;
        }
        return new Trim(trimTo);
    }

    String apply(String text) {
        if (limit <= 0 || (long) text.length() * 3 <= limit || utf8Length(text) <= limit) {
            return text;
        }
        int kept = 0;
        int start = text.length();
        while (start > 0) {
            int codePoint = text.codePointBefore(start);
            int bytes = utf8Length(codePoint);
            if (kept + bytes > limit) {
                break;
            }
            kept += bytes;
            start -= Character.charCount(codePoint);
        }
        return MARK + text.substring(start);
    }

    Result apply(Result result) {
        if (limit <= 0) {
            return result;
        }
        return new Result(result.testResults().stream()
                .map(results -> results.withSuites(results.suites().stream().map(suite -> suite.trimmed(this)).toList()))
                .toList());
    }

    private static int utf8Length(String text) {
        int length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c)) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }

    private static int utf8Length(int codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }
}
