package dev.outrider.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a YAML document into a Jackson tree with SnakeYAML's composer and Jackson's node classes
 * only: no {@code ObjectMapper}, whose set-up (serializer factories, date formats, every locale of the
 * JDK) would stay in an idle agent's memory for the one file it reads at start.
 *
 * <p>Scalars are typed as YAML 1.2's core schema types them, as Go's YAML reader and Jackson's do:
 * {@code true}/{@code false} (also capitalised or upper case) are booleans, {@code null}, {@code ~} and
 * nothing are null, decimal numbers are numbers; everything else, including YAML 1.1's {@code yes},
 * {@code on}, {@code 0755} and dates, and every quoted scalar, is text. Anchors and aliases work (an
 * alias stands for a copy of what its anchor names); duplicate keys are errors (the composer lets them
 * through; SnakeYAML checks them when it builds Java objects, which this does not use).
 *
 * <p>The reader refuses what only an attack or a mistake produces, within {@link Limits}: too many
 * characters, nesting too deep, too many aliases of lists or maps, a tree of too many values once
 * aliases are expanded, more than {@value #MAX_ALIAS_VALUES} values copied through aliases (an "alias
 * bomb" expands a few lines into millions of values), and a list or map that contains itself. Reading
 * takes time in proportion to the text, also for very long values (see {@link WholeTextReader}).
 */
public final class YamlTree {

    /**
     * Bounds of a document.
     *
     * @param characters the most characters (code points)
     * @param depth      the deepest nesting of lists and maps
     * @param aliases    the most aliases of lists and maps
     * @param values     the most values (scalars, lists and maps) of the tree, aliases expanded
     */
    public record Limits(int characters, int depth, int aliases, int values) {

        /** A configuration file: small, written by hand. */
        public static final Limits CONFIG = new Limits(1_000_000, 50, 50, 100_000);

        /** @return these limits with another number of characters */
        public Limits withCharacters(int count) {
            return new Limits(count, depth, aliases, values);
        }
    }

    /** How many values, in all, aliases may copy, whatever the limits: the bound of a "billion laughs". */
    public static final int MAX_ALIAS_VALUES = 100_000;

    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    private static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");
    private static final Pattern BOOLEAN = Pattern.compile("true|True|TRUE|false|False|FALSE");

    private YamlTree() {
    }

    /**
     * Reads a configuration document, within {@link Limits#CONFIG}.
     *
     * @param text a YAML document
     * @return its tree; a missing node for an empty document
     * @throws IllegalArgumentException with the parser's message, line and column, if it is not YAML or
     *                                  exceeds a limit
     */
    public static JsonNode parse(String text) {
        return parse(text, Limits.CONFIG);
    }

    /**
     * @param text   a YAML document
     * @param limits what the document may hold
     * @return its tree; a missing node for an empty document
     * @throws IllegalArgumentException with the parser's message, line and column, if it is not YAML or
     *                                  exceeds a limit
     */
    public static JsonNode parse(String text, Limits limits) {
        if (text.length() > limits.characters() && text.codePointCount(0, text.length()) > limits.characters()) {
            // SnakeYAML checks its limit only between tokens, so after reading a long value whole
            throw new IllegalArgumentException("the document has more than " + limits.characters()
                    + " characters; at most " + limits.characters() + " are accepted");
        }
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(limits.aliases());
        options.setNestingDepthLimit(limits.depth());
        options.setCodePointLimit(limits.characters());
        options.setAllowRecursiveKeys(false);
        Node root;
        WholeTextReader reader = null;
        try {
            reader = new WholeTextReader(text);
            root = new Composer(new ParserImpl(reader, options), new Resolver(), options).getSingleNode();
        } catch (MarkedYAMLException e) {
            throw new IllegalArgumentException(e.getMessage().strip().replaceAll("\\s*\\n\\s*", " "), e);
        } catch (ReaderException e) {
            throw new IllegalArgumentException("special characters are not allowed: U+"
                    + String.format("%04X", e.getCodePoint()) + " at " + place(text, e.getPosition()), e);
        } catch (YAMLException e) { // SnakeYAML's limits (nesting depth, characters) say no place of their own
            String where = reader == null ? "" : " (near line " + (reader.getLine() + 1) + ", column "
                    + (reader.getColumn() + 1) + ")";
            throw new IllegalArgumentException(e.getMessage() + where, e);
        }
        return root == null ? JsonNodeFactory.instance.missingNode() : new Expansion(limits).node(root, 0);
    }

    /** @return {@code line L, column C} of a code point's index in the text */
    private static String place(String text, int codePointIndex) {
        int line = 1;
        int column = 1;
        int index = 0;
        for (int i = 0; i < text.length() && index < codePointIndex; i = text.offsetByCodePoints(i, 1), index++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return "line " + line + ", column " + column;
    }

    /** Turns the composer's graph, where an alias is the anchored node itself, into a tree, within bounds. */
    private static final class Expansion {

        private final Limits limits;
        private final Set<Node> path = Collections.newSetFromMap(new IdentityHashMap<>());
        private final Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        private int values;
        private int copied;

        Expansion(Limits limits) {
            this.limits = limits;
        }

        private JsonNode node(Node node, int depth) {
            if (++values > limits.values()) {
                throw new IllegalArgumentException("with its aliases (*name) expanded, the document has more than "
                        + limits.values() + " values; use fewer aliases of lists or maps");
            }
            if (!seen.add(node) && ++copied > MAX_ALIAS_VALUES) {
                throw new IllegalArgumentException("aliases copy more than " + MAX_ALIAS_VALUES
                        + " values; write the values out, or alias less");
            }
            if (depth > limits.depth()) {
                throw new IllegalArgumentException("lists and maps nest more than " + limits.depth()
                        + " levels deep at line " + line(node));
            }
            if (node instanceof ScalarNode scalar) {
                return scalar(scalar);
            }
            if (!path.add(node)) {
                throw new IllegalArgumentException("the list or map at line " + line(node)
                        + " contains itself through an alias (*name); an alias cannot contain itself");
            }
            JsonNode tree = switch (node) {
                case SequenceNode sequence -> {
                    ArrayNode array = JsonNodeFactory.instance.arrayNode();
                    sequence.getValue().forEach(element -> array.add(node(element, depth + 1)));
                    yield array;
                }
                case MappingNode mapping -> object(mapping, depth);
                default -> throw new IllegalArgumentException("unsupported YAML node at line " + line(node));
            };
            path.remove(node);
            return tree;
        }

        private ObjectNode object(MappingNode mapping, int depth) {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            for (NodeTuple entry : mapping.getValue()) {
                JsonNode key = node(entry.getKeyNode(), depth + 1);
                if (!key.isValueNode()) {
                    throw new IllegalArgumentException("a key at line " + line(entry.getKeyNode())
                            + " is a list or map; keys must be plain names");
                }
                String name = key.isNull() ? "null" : key.asText();
                if (object.has(name)) {
                    throw new IllegalArgumentException("found duplicate key " + name + " at line "
                            + line(entry.getKeyNode()));
                }
                object.set(name, node(entry.getValueNode(), depth + 1));
            }
            return object;
        }

        private static int line(Node node) {
            return node.getStartMark().getLine() + 1;
        }
    }

    private static JsonNode scalar(ScalarNode scalar) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        String value = scalar.getValue();
        if (!scalar.isPlain() || Tag.STR.equals(scalar.getTag())) { // quoted, or plain and tagged !!str
            return nodes.textNode(value);
        }
        if (NULL.matcher(value).matches()) {
            return nodes.nullNode();
        }
        if (BOOLEAN.matcher(value).matches()) {
            return nodes.booleanNode(value.charAt(0) == 't' || value.charAt(0) == 'T');
        }
        if (INTEGER.matcher(value).matches()) {
            BigInteger number = new BigInteger(value.startsWith("+") ? value.substring(1) : value);
            if (number.bitLength() < 32) {
                return nodes.numberNode(number.intValue());
            }
            return number.bitLength() < 64 ? nodes.numberNode(number.longValue()) : nodes.numberNode(number);
        }
        if (DECIMAL.matcher(value).matches()) {
            return nodes.numberNode(Double.parseDouble(value));
        }
        return nodes.textNode(value);
    }
}
