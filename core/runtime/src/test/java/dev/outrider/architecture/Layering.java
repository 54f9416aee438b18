package dev.outrider.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.ArrayList;
import java.util.List;

/**
 * The package layering of core/runtime, as rules over a root package, so that the same rules can be
 * shown to fail on a small fixture tree.
 */
final class Layering {

    /**
     * From the top down: a package may use only the packages after it. {@code app} is the composition
     * root (the Guice modules and the commands' entry objects), so it sits above every area it wires,
     * {@code agent} included.
     */
    static final List<String> LAYERS = List.of(
            "cli", "app", "agent", "status", "sink", "job", "toolbox", "log", "config", "plugin",
            "protocol", "event", "yaml");

    private Layering() {
    }

    /** @return every package below {@code root} uses only packages further down {@link #LAYERS} */
    static LayeredArchitecture layers(String root) {
        LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String layer : LAYERS) {
            layers = layers.layer(layer).definedBy(root + "." + layer + "..");
        }
        layers = layers.whereLayer(LAYERS.getFirst()).mayNotBeAccessedByAnyLayer();
        for (int i = 1; i < LAYERS.size(); i++) {
            List<String> above = new ArrayList<>(LAYERS.subList(0, i));
            layers = layers.whereLayer(LAYERS.get(i)).mayOnlyBeAccessedByLayers(above.toArray(String[]::new));
        }
        return layers;
    }

    /** @return no two packages below {@code root}, at any depth, use each other (directly or round a loop) */
    static ArchRule freeOfCycles(String root) {
        return slices().matching(root + ".(**)").should().beFreeOfCycles();
    }

    /** @return the wire protocol knows nothing of who uses it */
    static ArchRule protocolKnowsNoUsers(String root) {
        return noClasses().that().resideInAPackage(root + ".protocol..")
                .should().dependOnClassesThat()
                .resideInAnyPackage(root + ".agent..", root + ".job..", root + ".cli..")
                .because("the protocol client is a leaf: agents and jobs use it, not the other way round");
    }

    /** @return the plugin API's types come from core/spi, and nothing else declares them */
    static ArchRule spiOnlyFromCoreSpi() {
        return com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
                .that().resideInAPackage("dev.outrider.spi..")
                .should(new ArchCondition<JavaClass>("come from core/spi (outrider-spi)") {
                    @Override
                    public void check(JavaClass type, ConditionEvents events) {
                        String where = type.getSource().map(source -> source.getUri().toString()).orElse("?");
                        boolean fromSpi = where.contains("/core/spi/") || where.contains("/outrider-spi-");
                        events.add(new SimpleConditionEvent(type, fromSpi,
                                type.getName() + " is loaded from " + where));
                    }
                });
    }
}
