package dev.outrider.dist;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of Prometheus' text exposition format (version 0.0.4), for tests: every line is a
 * {@code # HELP}, a {@code # TYPE} or a sample of a family whose type was declared before, with
 * valid metric and label names, properly escaped label values and a float value. Anything else
 * fails with the line.
 */
final class PrometheusText {

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)})? (\\S+)( -?[0-9]+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
    private static final Pattern FLOAT = Pattern.compile("[+-]?(Inf|NaN|[0-9]*\\.?[0-9]+([eE][+-]?[0-9]+)?)");

    /** The samples, by name and labels as written ({@code name{a="b"}}), and the declared types. */
    record Exposition(Map<String, Double> samples, Map<String, String> types) {
        double value(String sample) {
            Double value = samples.get(sample);
            if (value == null) {
                throw new AssertionError("no sample " + sample + " in " + samples.keySet());
            }
            return value;
        }
    }

    private PrometheusText() {
    }

    static Exposition parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new AssertionError("the exposition does not end with a line feed");
        }
        Map<String, Double> samples = new LinkedHashMap<>();
        Map<String, String> types = new HashMap<>();
        Set<String> helped = new java.util.HashSet<>();
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            if (line.isEmpty()) {
                continue;
            }
            Matcher matcher;
            if ((matcher = HELP.matcher(line)).matches()) {
                if (!helped.add(matcher.group(1))) {
                    throw new AssertionError("line " + number + ": a second HELP for " + matcher.group(1));
                }
            } else if ((matcher = TYPE.matcher(line)).matches()) {
                if (types.put(matcher.group(1), matcher.group(2)) != null) {
                    throw new AssertionError("line " + number + ": a second TYPE for " + matcher.group(1));
                }
            } else if (line.startsWith("#")) {
                throw new AssertionError("line " + number + ": a comment that is neither HELP nor TYPE: " + line);
            } else if ((matcher = SAMPLE.matcher(line)).matches()) {
                String name = matcher.group(1);
                String family = family(name, types);
                if (family == null) {
                    throw new AssertionError("line " + number + ": sample of a family with no TYPE before it: " + line);
                }
                String labels = matcher.group(3) == null ? "" : matcher.group(3);
                checkLabels(labels, number, line);
                if (types.get(family).equals("histogram") && name.endsWith("_bucket") && !labels.contains("le=\"")) {
                    throw new AssertionError("line " + number + ": a histogram bucket without 'le': " + line);
                }
                if (!FLOAT.matcher(matcher.group(4)).matches()) {
                    throw new AssertionError("line " + number + ": not a float value: " + line);
                }
                String key = name + (matcher.group(2) == null ? "" : matcher.group(2));
                if (samples.put(key, Double.parseDouble(matcher.group(4).replace("Inf", "Infinity"))) != null) {
                    throw new AssertionError("line " + number + ": a second sample " + key);
                }
            } else {
                throw new AssertionError("line " + number + ": not a HELP, TYPE or sample line: " + line);
            }
        }
        return new Exposition(samples, types);
    }

    private static String family(String name, Map<String, String> types) {
        if (types.containsKey(name)) {
            return name;
        }
        for (String suffix : new String[] {"_total", "_created", "_bucket", "_sum", "_count"}) {
            if (name.endsWith(suffix) && types.containsKey(name.substring(0, name.length() - suffix.length()))) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return null;
    }

    private static void checkLabels(String labels, int number, String line) {
        int at = 0;
        Set<String> names = new java.util.HashSet<>();
        Matcher matcher = LABEL.matcher(labels);
        while (at < labels.length()) {
            if (!matcher.find(at) || matcher.start() != at) {
                throw new AssertionError("line " + number + ": bad labels at column " + at + ": " + line);
            }
            if (!names.add(matcher.group(1))) {
                throw new AssertionError("line " + number + ": label " + matcher.group(1) + " twice: " + line);
            }
            at = matcher.end();
        }
    }
}
