package io.hashmatch.cli;

import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Binds an option or positional parameter of a picocli model built in code to a field of the object that holds its
 * value: picocli reads and writes the value through a getter and a setter of that object, where a model built from
 * annotations reaches the field by reflection. Reflection's first use costs start-up time a short command feels (each
 * annotation type read becomes a proxy class generated at run time), which is why {@code hashmatch hash} builds its
 * model in code.
 *
 * <p>Thread-safe if the getter and setter are.
 *
 * @param <T> the value's type (boxed for a primitive field)
 */
public final class OptionBinding<T> implements IGetter, ISetter {
    private final Supplier<T> getter;
    private final Consumer<T> setter;

    private OptionBinding(Supplier<T> getter, Consumer<T> setter) {
        this.getter = getter;
        this.setter = setter;
    }

    /**
     * {@code option} bound to {@code getter} and {@code setter}, with the current value as its initial value (as
     * picocli takes a field's initial value: shown for {@code ${DEFAULT-VALUE}}, restored before each parse).
     */
    public static <T> OptionSpec.Builder bind(OptionSpec.Builder option, Supplier<T> getter, Consumer<T> setter) {
        OptionBinding<T> binding = new OptionBinding<>(getter, setter);
        return option.getter(binding).setter(binding).initialValue(getter.get());
    }

    /** {@code parameter} bound to {@code getter} and {@code setter}, as {@link #bind(OptionSpec.Builder, Supplier, Consumer)}. */
    public static <T> PositionalParamSpec.Builder bind(
            PositionalParamSpec.Builder parameter, Supplier<T> getter, Consumer<T> setter) {
        OptionBinding<T> binding = new OptionBinding<>(getter, setter);
        return parameter.getter(binding).setter(binding).initialValue(getter.get());
    }

    @Override
    @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"}) // picocli's interface: the caller names the type
    public <V> V get() {
        return (V) getter.get();
    }

    @Override
    @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"}) // picocli converted the value to the option's type
    public <V> V set(V value) {
        T previous = getter.get();
        setter.accept((T) value);
        return (V) previous;
    }
}
