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
