package dev.outrider.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Holds core/runtime's package layering: a new back-edge or cycle fails the build. */
@AnalyzeClasses(packages = "dev.outrider", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "dev.outrider";

    @ArchTest
    static final ArchRule packagesDependOneWayFromCliDown = Layering.layers(ROOT);

    @ArchTest
    static final ArchRule noPackageCyclesAtAnyDepth = Layering.freeOfCycles(ROOT);

    @ArchTest
    static final ArchRule protocolDoesNotDependOnAgentJobOrCli = Layering.protocolKnowsNoUsers(ROOT);

    @ArchTest
    static final ArchRule spiTypesComeOnlyFromCoreSpi = Layering.spiOnlyFromCoreSpi();
}
