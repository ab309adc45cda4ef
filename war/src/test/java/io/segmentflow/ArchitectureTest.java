package io.segmentflow;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * Dependencies point inward only: adapters -> application -> domain, and the inner two use no framework.
 * Inbound adapters call use cases; outbound adapters implement ports; no adapter implements another side's port.
 * What several adapters read alike, and no one of them owns, lives in {@code adapters.shared}.
 */
@AnalyzeClasses(packages = "io.segmentflow", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String APPLICATION = "io.segmentflow.application";
    private static final String OUTBOUND_PORTS = "io.segmentflow.application.port.out..";
    private static final String INBOUND_ADAPTERS = "io.segmentflow.adapters.in..";
    private static final String OUTBOUND_ADAPTERS = "io.segmentflow.adapters.out..";

    /** A use case or query of the application: what an inbound adapter calls. */
    private static final DescribedPredicate<JavaClass> INBOUND_PORT = DescribedPredicate.describe(
            "are inbound ports (the application's use cases and queries)", ArchitectureTest::isInboundPort);

    private static final DescribedPredicate<JavaClass> OUTBOUND_PORT_OR_SERVICE = DescribedPredicate.describe(
            "are outbound ports or the services that carry out the use cases",
            c -> c.getPackageName().startsWith(APPLICATION + ".port.out") || isService(c));

    @ArchTest
    static final ArchRule domain_depends_only_on_the_jdk_and_itself = classes()
            .that()
            .resideInAPackage("io.segmentflow.domain..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "io.segmentflow.domain..")
            .because("the domain is plain Java: no jakarta.*, no framework, no outer layer");

    @ArchTest
    static final ArchRule application_depends_on_no_adapter = noClasses()
            .that()
            .resideInAPackage("io.segmentflow.application..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.segmentflow.adapters..", "jakarta..", "javax..")
            .because("the application reaches the world only through its own ports, and uses no Jakarta API at all");

    @ArchTest
    static final ArchRule domain_and_application_use_no_framework = noClasses()
            .that()
            .resideInAnyPackage("io.segmentflow.domain..", "io.segmentflow.application..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.eclipse..", "org.thymeleaf..", "org.flywaydb..")
            .because("Thymeleaf, Flyway, EclipseLink and Angus Mail belong in adapters");

    @ArchTest
    static final ArchRule adapters_do_not_depend_on_one_another = slices().matching("io.segmentflow.adapters.(*).(*)..")
            .namingSlices("adapter $1.$2")
            .should()
            .notDependOnEachOther()
            .because("each adapter meets the others only through the application, so one can be replaced alone");

    @ArchTest
    static final ArchRule code_the_adapters_share_depends_on_no_adapter = noClasses()
            .that()
            .resideInAPackage("io.segmentflow.adapters.shared..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(INBOUND_ADAPTERS, OUTBOUND_ADAPTERS)
            .because("what adapters share must not become a way for one adapter to reach another");

    @ArchTest
    static final ArchRule inbound_adapters_depend_on_use_cases_only = noClasses()
            .that()
            .resideInAPackage(INBOUND_ADAPTERS)
            .should()
            .dependOnClassesThat(OUTBOUND_PORT_OR_SERVICE)
            .because("an inbound adapter turns a request into a use case call; what the use case needs is its own"
                    + " business");

    @ArchTest
    static final ArchRule the_dashboard_takes_no_api_key = noClasses()
            .that()
            .resideInAPackage("io.segmentflow.adapters.in.dashboard..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(APPLICATION + ".access..")
            .because("pages are for operators signed in with their own password: an API key never opens one");

    @ArchTest
    static final ArchRule inbound_ports_never_return_outbound_port_types = methods()
            .that()
            .areDeclaredInClassesThat(INBOUND_PORT)
            .should(returnNoOutboundPortType())
            .because("a use case answers in its own types, so its callers never lean on what an adapter gives it");

    @ArchTest
    static final ArchRule no_adapter_implements_a_port_of_another_side = classes()
            .that()
            .resideInAnyPackage(INBOUND_ADAPTERS, OUTBOUND_ADAPTERS)
            .should(implementNoPortOfTheOtherSide())
            .because("inbound adapters call use cases and outbound adapters implement ports: an adapter that did"
                    + " both would let the application call into its own callers");

    private static boolean isInboundPort(JavaClass c) {
        return c.isInterface()
                && c.getPackageName().startsWith(APPLICATION + ".")
                && !c.getPackageName().startsWith(APPLICATION + ".port.out")
                && (c.getSimpleName().endsWith("UseCase") || c.getSimpleName().endsWith("Query"));
    }

    private static boolean isService(JavaClass c) {
        return !c.isInterface()
                && c.getPackageName().startsWith(APPLICATION + ".")
                && c.getAllRawInterfaces().stream().anyMatch(ArchitectureTest::isInboundPort);
    }

    private static boolean isOutboundPortType(JavaClass c) {
        return c.getPackageName().startsWith(APPLICATION + ".port.out");
    }

    private static ArchCondition<JavaMethod> returnNoOutboundPortType() {
        return new ArchCondition<>("return no type of an outbound port") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                method.getReturnType().getAllInvolvedRawTypes().stream()
                        .filter(ArchitectureTest::isOutboundPortType)
                        .forEach(type -> events.add(SimpleConditionEvent.violated(
                                method,
                                method.getFullName() + " returns " + type.getName() + ", a type of an outbound port")));
            }
        };
    }

    private static ArchCondition<JavaClass> implementNoPortOfTheOtherSide() {
        return new ArchCondition<>("implement no port of the other side") {
            @Override
            public void check(JavaClass adapter, ConditionEvents events) {
                boolean inbound = adapter.getPackageName().startsWith("io.segmentflow.adapters.in.");
                for (JavaClass port : adapter.getAllRawInterfaces()) {
                    if (inbound ? isOutboundPortType(port) : isInboundPort(port)) {
                        events.add(SimpleConditionEvent.violated(
                                adapter,
                                adapter.getName() + " is an "
                                        + (inbound ? "inbound" : "outbound") + " adapter but implements "
                                        + port.getName() + ", a port of the " + (inbound ? "outbound" : "inbound")
                                        + " side"));
                    }
                }
            }
        };
    }
}
