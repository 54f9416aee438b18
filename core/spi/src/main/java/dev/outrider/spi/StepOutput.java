package dev.outrider.spi;

/** Where a step's output goes. Thread-safe. */
public interface StepOutput {

    /**
     * Bytes as the job's terminal produced them. The core turns them into {@code cmd_output}
     * events: short outputs become one event, long ones are chunked without splitting a UTF-8
     * character or a {@code \r\n}.
     *
     * @param bytes  the buffer
     * @param offset where the bytes start
     * @param length how many bytes
     */
    void write(byte[] bytes, int offset, int length);

    /**
     * Bytes as the job's programs wrote them to a terminal that does not translate newlines (output
     * post-processing off, {@code stty -opost}): the log shows the same as {@link #write} of what a
     * translating terminal would have printed, where every {@code \n} became {@code \r\n}. The default
     * translates them so and calls {@link #write}; the core takes them as they are, which saves the
     * terminal and the core a pass over every byte.
     *
     * @param bytes  the buffer
     * @param offset where the bytes start
     * @param length how many bytes
     */
    default void writeUntranslated(byte[] bytes, int offset, int length) {
        int newlines = 0;
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] == '\n') {
                newlines++;
            }
        }
        byte[] translated = new byte[length + newlines];
        int at = 0;
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] == '\n') {
                translated[at++] = '\r';
            }
            translated[at++] = bytes[i];
        }
        write(translated, 0, translated.length);
    }

    /**
     * A message that becomes exactly one {@code cmd_output} event with this text (after what
     * {@link #write} gave so far). Include the trailing {@code \n} where a line is meant.
     *
     * @param text the message
     */
    void message(String text);

    /** An output that drops everything. */
    StepOutput DISCARD = new StepOutput() {
        @Override
        public void write(byte[] bytes, int offset, int length) {
        }

        @Override
        public void message(String text) {
        }
    };
}
