package dev.tether.core.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field, or a method, that may only be accessed while holding the named lock, for example
 * {@code "LoopPool.lock"}.
 *
 * <p>Documentation only: the annotation has class retention and no runtime effect.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface GuardedBy {
    /** The lock that guards the annotated element. */
    String value();
}
