package dev.pgaddon.it;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ModifierSupport;

/**
 * One {@link Harness} per test class ({@link WithStack}): started before the class's
 * {@code @BeforeAll} methods, closed after its {@code @AfterAll} methods (those may still use it),
 * as the tests did by hand. It is set in the fields marked {@link WithStack.Inject} and passed to
 * constructors and methods that take it or one of its roles.
 */
final class StackExtension implements BeforeAllCallback, AfterAllCallback, TestInstancePostProcessor, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StackExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    boolean workerInThisJvm = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), WithStack.class)
        .map(WithStack::workerInThisJvm).orElse(true);
    Harness harness = new Harness(System.getenv("TEMPORAL_ADDRESS"), workerInThisJvm);
    try {
      for (Field field : injected(context.getRequiredTestClass(), true)) {
        field.set(null, role(harness, field.getType()));
      }
    } catch (Exception | Error e) {
      try {
        harness.close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    context.getStore(NAMESPACE).put(Harness.class, harness);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    Harness harness = context.getStore(NAMESPACE).remove(Harness.class, Harness.class);
    if (harness == null) {
      return;
    }
    try {
      harness.close();
    } finally {
      for (Field field : injected(context.getRequiredTestClass(), true)) {
        field.set(null, null);
      }
    }
  }

  @Override
  public void postProcessTestInstance(Object testInstance, ExtensionContext context) throws Exception {
    for (Field field : injected(testInstance.getClass(), false)) {
      field.set(testInstance, role(harness(context), field.getType()));
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return roles().containsKey(parameter.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return role(harness(context), parameter.getParameter().getType());
  }

  private static Harness harness(ExtensionContext context) {
    Harness harness = context.getStore(NAMESPACE).get(Harness.class, Harness.class);
    if (harness == null) {
      throw new ExtensionConfigurationException("no stack runs for " + context.getDisplayName());
    }
    return harness;
  }

  /** What can be injected, by type. */
  private static Map<Class<?>, java.util.function.Function<Harness, Object>> roles() {
    return Map.of(Harness.class, h -> h, Stack.class, h -> h.stack, CliDriver.class, h -> h.driver,
        PostgresAssertions.class, h -> h.postgres, Operations.class, h -> h.operations, HistoryRecorder.class, h -> h.histories);
  }

  private static Object role(Harness harness, Class<?> type) {
    var role = roles().get(type);
    if (role == null) {
      throw new ExtensionConfigurationException("@WithStack.Inject on a field of type " + type.getName()
          + "; the stack injects " + roles().keySet());
    }
    return role.apply(harness);
  }

  private static List<Field> injected(Class<?> testClass, boolean statics) {
    List<Field> fields = AnnotationSupport.findAnnotatedFields(testClass, WithStack.Inject.class,
        f -> ModifierSupport.isStatic(f) == statics);
    for (Field field : fields) {
      if (ModifierSupport.isFinal(field)) {
        throw new ExtensionConfigurationException("@WithStack.Inject on final field " + field);
      }
      field.setAccessible(true);
    }
    return fields;
  }
}
