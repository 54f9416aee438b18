package dev.outrider.toolbox.testresults;

/** Small text helpers shared by the model. */
final class Text {
    private Text() {
    }

    static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
