package io.segmentflow;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Dependencies point inward only: adapters -> application -> domain, and the inner two use no framework. */
@AnalyzeClasses(packages = "io.segmentflow", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domain_depends_only_on_the_jdk_and_itself = classes()
            .that().resideInAPackage("io.segmentflow.domain..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.segmentflow.domain..")
            .because("the domain is plain Java: no jakarta.*, no framework, no outer layer");

    @ArchTest
    static final ArchRule application_depends_on_no_adapter = noClasses()
            .that().resideInAPackage("io.segmentflow.application..")
            .should().dependOnClassesThat().resideInAnyPackage("io.segmentflow.adapters..", "jakarta..", "javax..")
            .because("the application reaches the world only through its own ports, and uses no Jakarta API at all");

    @ArchTest
    static final ArchRule domain_and_application_use_no_framework = noClasses()
            .that().resideInAnyPackage("io.segmentflow.domain..", "io.segmentflow.application..")
            .should().dependOnClassesThat().resideInAnyPackage("org.eclipse..", "org.thymeleaf..", "org.flywaydb..")
            .because("Thymeleaf, Flyway, EclipseLink and Angus Mail belong in adapters");
}
