package io.github.accountdisabling.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Each feature package can be read and changed alone: no two main packages depend on each other, directly or round about. */
class PackageCyclesTest {

    private static final String ROOT = "io.github.accountdisabling";

    @Test
    void mainPackagesAreFreeOfCycles() {
        JavaClasses mainClasses = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
        slices().matching(ROOT + ".(*)..")
                .should().beFreeOfCycles()
                .check(mainClasses);
    }
}
