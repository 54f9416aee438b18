package dev.outrider.toolbox.testresults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Line breaks in attribute values become character references; nothing else changes. */
class AttributeLineBreaksTest {

    private static String filtered(String xml) throws IOException {
        try (InputStream in = new AttributeLineBreaks(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void escapesLineBreaksAndTabsInsideAttributeValuesOnly() throws IOException {
        assertThat(filtered("<a m=\"one\ntwo\tthree\" n='x\r\ny\rz'>text \"quoted\nstays\"</a>"))
                .isEqualTo("<a m=\"one&#10;two&#9;three\" n='x&#10;y&#10;z'>text \"quoted\nstays\"</a>");
    }

    @Test
    void leavesCommentsCdataInstructionsAndDoctypeAlone() throws IOException {
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY e \"v\">]>\n<!-- a \"quote\n--->"
                + "<r><![CDATA[ \"x\n]] ]]><b c=\"1\n2\"/></r>";
        assertThat(filtered(xml)).isEqualTo(xml.replace("c=\"1\n2\"", "c=\"1&#10;2\""));
    }

    @Test
    void keepsMultiByteCharactersAcrossReads() throws IOException {
        String xml = "<a m=\"" + "ä€😀\n".repeat(40_000) + "\">" + "ö".repeat(70_000) + "</a>";
        assertThat(filtered(xml)).isEqualTo(xml.replace("\n", "&#10;"));
    }
}
