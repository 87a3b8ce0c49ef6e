package dev.tether.core.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class, or a field, that only the named thread may use, for example {@code "session loop"}
 * for state that only the event loop serving a session touches.
 *
 * <p>Documentation only: the annotation has class retention and no runtime effect.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.FIELD, ElementType.METHOD})
public @interface ThreadConfined {
    /** Which thread may use the annotated element. */
    String value();
}
