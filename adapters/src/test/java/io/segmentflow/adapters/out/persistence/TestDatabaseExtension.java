package io.segmentflow.adapters.out.persistence;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a store test the {@link TestDatabase} (chosen and migrated once for the whole run, closed at its
 * end) as a constructor or method parameter, and empties its tables before each test.
 */
final class TestDatabaseExtension implements BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestDatabase.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        database(context).empty();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return database(context);
    }

    private static TestDatabase database(ExtensionContext context) {
        // The root store outlives every test class and closes the database (an AutoCloseable) at the end.
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(TestDatabase.class, type -> TestDatabase.choose(), TestDatabase.class);
    }
}
