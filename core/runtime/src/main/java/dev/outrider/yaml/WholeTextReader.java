package dev.outrider.yaml;

import java.io.Reader;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * SnakeYAML's reader over a text already in memory. SnakeYAML's own reader copies everything it has
 * not yet consumed each time it reads 1024 more characters, and its scanner consumes a scalar only
 * once it found the scalar's end: a value of n characters on one line costs n²/1024 copies (a 10 MB
 * value: minutes). This one keeps the whole text as code points and only moves a pointer.
 *
 * <p>It answers every method SnakeYAML's scanner calls as SnakeYAML's reader does, including line and
 * column counting, the document index for the code point limit, and the rejection of characters YAML
 * does not allow.
 */
final class WholeTextReader extends StreamReader {

    private static final String NAME = "'reader'";

    private final int[] text;
    private int pointer;
    private int documentIndex;
    private int line;
    private int column;

    /**
     * @param text the YAML text
     * @throws ReaderException at the first character YAML does not allow
     */
    WholeTextReader(String text) {
        super(Reader.nullReader());
        this.text = text.codePoints().toArray();
        for (int i = 0; i < this.text.length; i++) {
            if (!isPrintable(this.text[i])) {
                throw new ReaderException(NAME, i, this.text[i], "special characters are not allowed");
            }
        }
    }

    @Override
    public Mark getMark() {
        return new Mark(NAME, pointer, line, column, text, pointer);
    }

    @Override
    public void forward() {
        forward(1);
    }

    @Override
    public void forward(int length) {
        for (int i = 0; i < length && pointer < text.length; i++) {
            int c = text[pointer++];
            documentIndex++;
            if (c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029'
                    || (c == '\r' && pointer < text.length && text[pointer] != '\n')) {
                line++;
                column = 0;
            } else if (c != 0xFEFF) {
                column++;
            }
        }
    }

    @Override
    public int peek() {
        return peek(0);
    }

    @Override
    public int peek(int index) {
        int at = pointer + index;
        return at < text.length ? text[at] : '\0';
    }

    @Override
    public String prefix(int length) {
        return new String(text, pointer, Math.min(length, text.length - pointer));
    }

    @Override
    public String prefixForward(int length) {
        String prefix = prefix(length);
        // as in SnakeYAML: a prefix holds no line break, so only the column moves
        int moved = Math.min(length, text.length - pointer);
        pointer += moved;
        documentIndex += moved;
        column += moved;
        return prefix;
    }

    @Override
    public int getColumn() {
        return column;
    }

    // getDocumentIndex and resetDocumentIndex: SnakeYAML 2.3+ checks its code point limit per document
    // with them (older versions use getIndex); no @Override, so this compiles against either

    public int getDocumentIndex() {
        return documentIndex;
    }

    public void resetDocumentIndex() {
        documentIndex = 0;
    }

    @Override
    public int getIndex() {
        return pointer;
    }

    @Override
    public int getLine() {
        return line;
    }
}
