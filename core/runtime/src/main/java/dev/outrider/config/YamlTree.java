package dev.outrider.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.math.BigInteger;
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
 */
final class YamlTree {

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
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(100);
        Node root;
        try {
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            throw new IllegalArgumentException(e.getMessage().strip().replaceAll("\\s*\\n\\s*", " "), e);
        } catch (YAMLException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return root == null ? JsonNodeFactory.instance.missingNode() : node(root);
    }

    private static JsonNode node(Node node) {
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
