package dev.outrider.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class YamlTreeTest {

    @Test
    void typesPlainScalarsAsTheCoreSchemaDoes() {
        JsonNode root = YamlTree.parse("""
                a: true
                b: False
                c: 42
                d: -7
                e: 1.5
                f: ~
                g:
                h: yes
                i: on
                j: 0x1f
                k: 2026-11-28
                l: "42"
                m: 'true'
                n: !!str 12
                o: 12345678901
                """);

        assertTrue(root.get("a").isBoolean() && root.get("a").booleanValue());
        assertTrue(root.get("b").isBoolean() && !root.get("b").booleanValue());
        assertTrue(root.get("c").isInt());
        assertEquals(42, root.get("c").intValue());
        assertEquals(-7, root.get("d").intValue());
        assertEquals(1.5, root.get("e").doubleValue());
        assertTrue(root.get("f").isNull());
        assertTrue(root.get("g").isNull());
        for (String text : new String[] {"h", "i", "j", "k", "l", "m", "n"}) {
            assertTrue(root.get(text).isTextual(), text + " should be text");
        }
        assertEquals("yes", root.get("h").asText());
        assertEquals("2026-11-28", root.get("k").asText());
        assertTrue(root.get("o").isLong());
    }

    @Test
    void readsListsMapsAndAliases() {
        JsonNode root = YamlTree.parse("""
                base: &base {executor: shell, count: 2}
                agents:
                  - *base
                  - label: x
                    env-vars: [A=1, "B=2"]
                """);

        assertEquals("shell", root.get("agents").get(0).get("executor").asText());
        assertEquals(2, root.get("agents").get(0).get("count").intValue());
        assertEquals("B=2", root.get("agents").get(1).get("env-vars").get(1).asText());
    }

    @Test
    void anEmptyDocumentIsMissing() {
        assertTrue(YamlTree.parse("").isMissingNode());
        assertTrue(YamlTree.parse("# only a comment\n").isMissingNode());
    }

    @Test
    void rejectsDuplicateKeysAndBrokenYamlWithTheLine() {
        String duplicate = assertThrows(IllegalArgumentException.class, () -> YamlTree.parse("a: 1\nb: 2\na: 3\n")).getMessage();
        assertTrue(duplicate.contains("found duplicate key a") && duplicate.contains("line 3"), duplicate);

        String broken = assertThrows(IllegalArgumentException.class, () -> YamlTree.parse("a: [1, 2\nb: 3\n")).getMessage();
        assertTrue(broken.contains("line"), broken);
    }

    @Test
    void rejectsKeysThatAreListsOrMaps() {
        String message = assertThrows(IllegalArgumentException.class, () -> YamlTree.parse("? [a, b]\n: 1\n")).getMessage();
        assertTrue(message.contains("keys must be plain names"), message);
    }

    @Test
    void rejectsAnAliasInsideWhatItsAnchorNames() {
        for (String recursive : new String[] {"a: &a [1, *a]\n", "a: &a {b: {c: *a}}\n"}) {
            String message = assertThrows(IllegalArgumentException.class, () -> YamlTree.parse(recursive)).getMessage();
            assertTrue(message.contains("cannot contain itself"), message);
        }
    }

    @Test
    void countsLinesAndColumnsAcrossLongValuesAndLineBreaks() {
        String text = "a: " + "x".repeat(100_000) + "\r\nb: 'y'\rc: [\n  1,\n  ]]\n";
        String message = assertThrows(IllegalArgumentException.class, () -> YamlTree.parse(text)).getMessage();
        assertTrue(message.contains("line 5, column 4"), message);
    }

    @Test
    void rejectsCharactersYamlDoesNotAllow() {
        String message = assertThrows(IllegalArgumentException.class, () -> YamlTree.parse("a: \"x\u0000y\"\n")).getMessage();
        assertTrue(message.contains("special characters are not allowed"), message);
    }

    @Test
    void rejectsADocumentOverTheLimitBeforeReadingIt() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> YamlTree.parse("a: " + "x".repeat(100), 50)).getMessage();
        assertTrue(message.contains("more than 50 characters"), message);
    }
}
