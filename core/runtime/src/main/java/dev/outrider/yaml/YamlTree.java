package dev.outrider.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.IdentityHashMap;
import java.util.Map;
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
 * alias stands for a copy of what its anchor names), within limits: at most 100 aliases of lists or
 * maps, at most {@value #MAX_ALIAS_VALUES} values copied through aliases in all, and no alias inside
 * what it names. Duplicate keys are errors (the composer lets them through; SnakeYAML checks them when
 * it builds Java objects, which this does not use).
 *
 * <p>Reading takes time in proportion to the text, also for very long values (see
 * {@link WholeTextReader}).
 */
public final class YamlTree {

    /** SnakeYAML's own default: enough for any configuration file. */
    public static final int DEFAULT_CODE_POINT_LIMIT = 3 * 1024 * 1024;
    /** How many values, in all, aliases may copy: the bound of a "billion laughs" document. */
    static final int MAX_ALIAS_VALUES = 100_000;

    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    private static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");
    private static final Pattern BOOLEAN = Pattern.compile("true|True|TRUE|false|False|FALSE");

    private final Map<Node, Boolean> seen = new IdentityHashMap<>();
    private final Map<Node, Boolean> open = new IdentityHashMap<>();
    private int aliasValues;

    private YamlTree() {
    }

    /**
     * Reads a document of at most {@link #DEFAULT_CODE_POINT_LIMIT} characters.
     *
     * @param text a YAML document
     * @return its tree; a missing node for an empty document
     * @throws IllegalArgumentException with the parser's message, line and column, if it is not YAML
     */
    public static JsonNode parse(String text) {
        return parse(text, DEFAULT_CODE_POINT_LIMIT);
    }

    /**
     * @param text           a YAML document
     * @param codePointLimit how many characters the document may have
     * @return its tree; a missing node for an empty document
     * @throws IllegalArgumentException with the parser's message, line and column, if it is not YAML
     */
    public static JsonNode parse(String text, int codePointLimit) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(100);
        options.setCodePointLimit(codePointLimit);
        if (text.length() > codePointLimit && text.codePointCount(0, text.length()) > codePointLimit) {
            // SnakeYAML checks its limit only between tokens, so after reading a long value whole
            throw new IllegalArgumentException("the document has more than " + codePointLimit + " characters");
        }
        Node root;
        try {
            root = new Composer(new ParserImpl(new WholeTextReader(text), options), new Resolver(), options)
                    .getSingleNode();
        } catch (MarkedYAMLException e) {
            throw new IllegalArgumentException(e.getMessage().strip().replaceAll("\\s*\\n\\s*", " "), e);
        } catch (YAMLException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return root == null ? JsonNodeFactory.instance.missingNode() : new YamlTree().node(root);
    }

    private JsonNode node(Node node) {
        if (open.containsKey(node)) {
            throw new IllegalArgumentException("the alias at line " + line(node) + " is inside what its anchor names; "
                    + "an alias cannot contain itself");
        }
        if (seen.put(node, Boolean.TRUE) != null && ++aliasValues > MAX_ALIAS_VALUES) {
            throw new IllegalArgumentException("aliases copy more than " + MAX_ALIAS_VALUES
                    + " values; write the values out, or alias less");
        }
        open.put(node, Boolean.TRUE);
        try {
            return convert(node);
        } finally {
            open.remove(node);
        }
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    private JsonNode convert(Node node) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (node) {
            case ScalarNode scalar -> scalar(scalar);
            case SequenceNode sequence -> {
                ArrayNode array = nodes.arrayNode();
                sequence.getValue().forEach(element -> array.add(node(element)));
                yield array;
            }
            case MappingNode mapping -> {
                ObjectNode object = nodes.objectNode();
                for (NodeTuple entry : mapping.getValue()) {
                    JsonNode key = node(entry.getKeyNode());
                    if (!key.isValueNode()) {
                        throw new IllegalArgumentException("a key at line " + (entry.getKeyNode().getStartMark().getLine() + 1)
                                + " is a list or map; keys must be plain names");
                    }
                    String name = key.isNull() ? "null" : key.asText();
                    if (object.has(name)) {
                        throw new IllegalArgumentException("found duplicate key " + name + " at line "
                                + (entry.getKeyNode().getStartMark().getLine() + 1));
                    }
                    object.set(name, node(entry.getValueNode()));
                }
                yield object;
            }
            default -> throw new IllegalArgumentException("unsupported YAML node at line " + (node.getStartMark().getLine() + 1));
        };
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
