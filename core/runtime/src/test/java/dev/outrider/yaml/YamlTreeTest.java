package dev.outrider.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

public class YamlTreeTest {

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

    /** Level 0 is ten scalars; each next level is a list of ten aliases of the level before. */
    public static String aliasBomb(int levels) {
        StringBuilder yaml = new StringBuilder("l0: &l0 [a, b, c, d, e, f, g, h, i, j]\n");
        for (int level = 1; level <= levels; level++) {
            yaml.append("l").append(level).append(": &l").append(level).append(" [");
            for (int i = 0; i < 10; i++) {
                yaml.append(i == 0 ? "" : ", ").append("*l").append(level - 1);
            }
            yaml.append("]\n");
        }
        return yaml.toString();
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 6})
    void refusesAliasesThatExpandToMoreValuesThanAConfigurationHas(int levels) {
        // 5 levels: 50 aliases, 10^6 scalars; 6 levels: 60 aliases (the composer's own limit)
        String message = assertThrows(IllegalArgumentException.class, () -> YamlTree.parse(aliasBomb(levels))).getMessage();
        assertTrue(message.contains("alias"), message);
    }

    @Test
    void refusesAnAliasBombOfMapsToo() {
        StringBuilder yaml = new StringBuilder("m0: &m0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10}\n");
        for (int level = 1; level <= 5; level++) {
            yaml.append("m").append(level).append(": &m").append(level).append(" {");
            for (int i = 0; i < 10; i++) {
                yaml.append(i == 0 ? "" : ", ").append("k").append(i).append(": *m").append(level - 1);
            }
            yaml.append("}\n");
        }
        String message = assertThrows(IllegalArgumentException.class, () -> YamlTree.parse(yaml.toString())).getMessage();
        assertTrue(message.contains("more than " + YamlTree.Limits.CONFIG.values() + " values"), message);
    }

    @Test
    void keepsAFewAliasesThatStayWithinTheBounds() {
        JsonNode root = YamlTree.parse(aliasBomb(3)); // 30 aliases, 1,000 scalars
        assertEquals(1000, root.get("l3").size() * root.get("l3").get(0).size() * root.get("l3").get(0).get(0).size());
    }

    @Test
    void refusesAListThatContainsItself() {
        String message = assertThrows(IllegalArgumentException.class, () -> YamlTree.parse("a: &x [1, *x]\n")).getMessage();
        assertTrue(message.contains("contains it"), message);
    }

    @Test
    void refusesNestingDeeperThanTheLimit() {
        String deep = "a: " + "[".repeat(YamlTree.Limits.CONFIG.depth() + 5) + "]".repeat(YamlTree.Limits.CONFIG.depth() + 5) + "\n";
        assertThrows(IllegalArgumentException.class, () -> YamlTree.parse(deep));
    }

    @Test
    void namesTheLineWhereTheParserFindsNestingTooDeep() {
        // found by ConfigFileFuzzTest: SnakeYAML's own depth limit said "Nesting Depth exceeded max 50" and no place
        String deep = "a: 1\nb: " + "{a: ".repeat(60) + "1" + "}".repeat(60) + "\n";
        String message = assertThrows(IllegalArgumentException.class, () -> YamlTree.parse(deep)).getMessage();
        assertTrue(message.contains("Nesting Depth exceeded max 50 (near line 2, column"), message);
    }

    @Test
    void namesTheLineAndColumnOfACharacterYamlDoesNotAllow() {
        // found by ConfigFileFuzzTest: the message gave the position in the text, not a line
        String message = assertThrows(IllegalArgumentException.class, () -> YamlTree.parse("a: 1\nb: \"x\u0000y\"\n")).getMessage();
        assertEquals("special characters are not allowed: U+0000 at line 2, column 6", message);
    }

    @Test
    void refusesADocumentLongerThanTheLimit() {
        String huge = "a: \"" + "x".repeat(YamlTree.Limits.CONFIG.characters()) + "\"\n";
        String message = assertThrows(IllegalArgumentException.class, () -> YamlTree.parse(huge)).getMessage();
        assertTrue(message.contains("at most " + YamlTree.Limits.CONFIG.characters()), message);
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
                () -> YamlTree.parse("a: " + "x".repeat(100), YamlTree.Limits.CONFIG.withCharacters(50))).getMessage();
        assertTrue(message.contains("more than 50 characters"), message);
    }
}
