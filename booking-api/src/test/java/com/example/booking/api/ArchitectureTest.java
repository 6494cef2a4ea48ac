package com.example.booking.api;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The modules are the architecture: these rules keep them so. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.example.booking");

    @Test
    void theWriteSideDoesNotKnowTheReadSide() {
        noClasses().that().resideInAPackage("com.example.booking.command..")
                .should().dependOnClassesThat().resideInAPackage("com.example.booking.query..")
                .check(CLASSES);
    }

    @Test
    void theReadSideDoesNotKnowTheWriteSide() {
        noClasses().that().resideInAPackage("com.example.booking.query..")
                .should().dependOnClassesThat().resideInAPackage("com.example.booking.command..")
                .check(CLASSES);
    }

    @Test
    void theSharedLanguageHasNoSpringNoMongoAndNoOtherModule() {
        noClasses().that().resideInAPackage("com.example.booking.shared..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.mongodb..",
                        "org.bson..", "com.example.booking.command..", "com.example.booking.query..",
                        "com.example.booking.api..")
                .check(CLASSES);
    }

    @Test
    void domainEventsCarryNoFrameworkTypes() {
        noClasses().that().resideInAPackage("com.example.booking.shared..").and().haveSimpleNameEndingWith("Event")
                .should().dependOnClassesThat().resideInAnyPackage("org.axonframework.eventhandling..",
                        "org.axonframework.messaging..", "org.axonframework.modelling..")
                .check(CLASSES);
    }
}
