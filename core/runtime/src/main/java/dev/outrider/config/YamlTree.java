package dev.outrider.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a YAML document into a Jackson tree with SnakeYAML's composer and Jackson's node classes
 * only: no {@code ObjectMapper}, whose set-up (serializer factories, date formats, every locale of the
 * JDK) would stay in an idle agent's memory for the one file it reads at start.
 *
 * <p>Scalars are typed as YAML 1.2's core schema types them, as Go's YAML reader and Jackson's do:
 * {@code true}/{@code false} (also capitalised or upper case) are booleans, {@code null}, {@code ~} and
 * nothing are null, decimal numbers are numbers; everything else, including YAML 1.1's {@code yes},
 * {@code on}, {@code 0755} and dates, and every quoted scalar, is text. Anchors and aliases work;
 * duplicate keys are errors (the composer lets them through; SnakeYAML checks them when it builds Java
 * objects, which this does not use).
 *
 * <p>A configuration is small, so the reader refuses what only an attack or a mistake produces: more
 * than {@value #MAX_CODE_POINTS} characters, nesting deeper than {@value #MAX_DEPTH}, more than
 * {@value #MAX_ALIASES} aliases of lists or maps, and a tree of more than {@value #MAX_VALUES} values
 * once aliases are expanded (an "alias bomb" expands a few lines into millions of values), or one that
 * contains itself.
 */
final class YamlTree {

    /** The most characters a document may have. */
    static final int MAX_CODE_POINTS = 1_000_000;
    /** The deepest nesting of lists and maps. */
    static final int MAX_DEPTH = 50;
    /** The most aliases of lists and maps. */
    static final int MAX_ALIASES = 50;
    /** The most values (scalars, lists and maps) of the tree, aliases expanded. */
    static final int MAX_VALUES = 100_000;

    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    private static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");
    private static final Pattern BOOLEAN = Pattern.compile("true|True|TRUE|false|False|FALSE");

    private YamlTree() {
    }

    /**
     * @param text a YAML document
     * @return its tree; a missing node for an empty document
     * @throws IllegalArgumentException with the parser's message, line and column, if it is not YAML
     */
    static JsonNode parse(String text) {
        if (text.length() > MAX_CODE_POINTS) { // the reader counts too, but only once it has read that far
            throw new IllegalArgumentException("the document has " + text.length() + " characters; at most "
                    + MAX_CODE_POINTS + " are accepted");
        }
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setAllowRecursiveKeys(false);
        Node root;
        try {
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            throw new IllegalArgumentException(e.getMessage().strip().replaceAll("\\s*\\n\\s*", " "), e);
        } catch (YAMLException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return root == null ? JsonNodeFactory.instance.missingNode() : new Expansion().node(root, 0);
    }

    /** Turns the composer's graph, where an alias is the anchored node itself, into a tree, within bounds. */
    private static final class Expansion {

        private final Set<Node> path = Collections.newSetFromMap(new IdentityHashMap<>());
        private int values;

        private JsonNode node(Node node, int depth) {
            if (++values > MAX_VALUES) {
                throw new IllegalArgumentException("with its aliases (*name) expanded, the document has more than "
                        + MAX_VALUES + " values; a configuration needs far fewer: use fewer aliases of lists or maps");
            }
            if (depth > MAX_DEPTH) {
                throw new IllegalArgumentException("lists and maps nest more than " + MAX_DEPTH + " levels deep at line "
                        + (node.getStartMark().getLine() + 1));
            }
            if (node instanceof ScalarNode scalar) {
                return scalar(scalar);
            }
            if (!path.add(node)) {
                throw new IllegalArgumentException("the list or map at line " + (node.getStartMark().getLine() + 1)
                        + " contains itself through an alias (*name)");
            }
            JsonNode tree = switch (node) {
                case SequenceNode sequence -> {
                    ArrayNode array = JsonNodeFactory.instance.arrayNode();
                    sequence.getValue().forEach(element -> array.add(node(element, depth + 1)));
                    yield array;
                }
                case MappingNode mapping -> object(mapping, depth);
                default -> throw new IllegalArgumentException("unsupported YAML node at line "
                        + (node.getStartMark().getLine() + 1));
            };
            path.remove(node);
            return tree;
        }

        private ObjectNode object(MappingNode mapping, int depth) {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            for (NodeTuple entry : mapping.getValue()) {
                JsonNode key = node(entry.getKeyNode(), depth + 1);
                if (!key.isValueNode()) {
                    throw new IllegalArgumentException("a key at line " + (entry.getKeyNode().getStartMark().getLine() + 1)
                            + " is a list or map; keys must be plain names");
                }
                String name = key.isNull() ? "null" : key.asText();
                if (object.has(name)) {
                    throw new IllegalArgumentException("found duplicate key " + name + " at line "
                            + (entry.getKeyNode().getStartMark().getLine() + 1));
                }
                object.set(name, node(entry.getValueNode(), depth + 1));
            }
            return object;
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
