package dev.outrider.kubernetes;

import dev.outrider.spi.PluginException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The images jobs may use, as Semaphore's {@code kubernetes-allowed-images}: regular expressions,
 * each <em>searched</em> in the image reference (not anchored: {@code ruby} allows
 * {@code evil.io/ruby-miner}; write {@code ^ruby:} to pin). No expression allows every image.
 *
 * @param patterns the expressions, compiled
 */
public record AllowedImages(List<Pattern> patterns) {

    public AllowedImages {
        patterns = List.copyOf(patterns);
    }

    /**
     * @param expressions the expressions as configured
     * @param owner       how messages name the executor
     * @throws PluginException naming the expression that does not compile
     */
    static AllowedImages of(List<String> expressions, String owner) {
        return new AllowedImages(expressions.stream().map(expression -> {
            try {
                return Pattern.compile(expression);
            } catch (PatternSyntaxException e) {
                throw new PluginException(owner + ": option 'allowed-images': '" + expression
                        + "' is not a valid regular expression (" + e.getDescription() + "); use a regular expression"
                        + " such as ^registry.example.com/");
            }
        }).toList());
    }

    /** @return whether the image may be used */
    public boolean allows(String image) {
        return patterns.isEmpty() || patterns.stream().anyMatch(pattern -> pattern.matcher(image).find());
    }

    /** @return the first of the images that is not allowed */
    public Optional<String> firstRejected(List<String> images) {
        return images.stream().filter(image -> !allows(image)).findFirst();
    }
}
