package com.example.booking.api.infra.embedded;

import java.util.Iterator;
import java.util.function.Function;

/** An iterator's elements, each passed through a function as it is taken. */
final class Mapped<A, B> implements Iterator<B> {

    private final Iterator<A> elements;
    private final Function<A, B> function;

    Mapped(Iterator<A> elements, Function<A, B> function) {
        this.elements = elements;
        this.function = function;
    }

    @Override
    public boolean hasNext() {
        return elements.hasNext();
    }

    @Override
    public B next() {
        return function.apply(elements.next());
    }
}
