package dev.pgaddon.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class on one stack, started before its {@code @BeforeAll} methods and closed after its
 * {@code @AfterAll} methods ({@link StackExtension}), on the Temporal service at TEMPORAL_ADDRESS
 * or an embedded one.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(StackExtension.class)
@interface WithStack {
  /** false: no worker in this JVM; the test starts worker processes ({@link Harness#startWorker}). */
  boolean workerInThisJvm() default true;

  /**
   * A field the stack is set in before the class's {@code @BeforeAll} methods run (static) or once
   * an instance is made: of type Harness, Stack, CliDriver, PostgresAssertions, Operations or
   * HistoryRecorder. Test constructors and methods, {@code @BeforeAll} ones included, can take the
   * same types as parameters.
   */
  @Target(ElementType.FIELD)
  @Retention(RetentionPolicy.RUNTIME)
  @interface Inject {}
}
