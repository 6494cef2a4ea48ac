package com.example.booking.api.infra.embedded;

import de.bwaldvogel.mongo.backend.AbstractCursor;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryParameters;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Answers a {@code find} from an {@link OrderedIndex} in index order, so that a sorted query with a
 * batch size reads only as many documents as it returns. The wire server's own path collects and sorts
 * every match before sending the first batch: for {@code timestamp >= t} on the event store that is every
 * event after {@code t}, again for each batch of a replay.
 *
 * <p>Only {@code find} goes through here, never updates or deletes, whose matches must be fixed before
 * they change the index.
 */
final class IndexedFind<P> {

    private static final int DEFAULT_GET_MORE = 1000;

    private final Object lock;
    private final Function<P, Document> documents;
    private final BiPredicate<Document, Document> matcher;
    private final Supplier<List<Index<P>>> indexes;
    private final CursorRegistry cursors;
    private final ReadFieldValues<P> readValues;
    private final UnaryOperator<Document> answer;

    /**
     * @param lock       the collection, whose monitor guards every access to it
     * @param readValues where excluded fields' values are remembered, or {@code null} where reading a
     *                   document again costs no more than looking it up there
     * @param answer     what a matching document is answered as, taken while the lock is held: a copy
     *                   where stored documents change in place, since the answer is encoded after the
     *                   lock is released
     */
    IndexedFind(Object lock, Function<P, Document> documents, BiPredicate<Document, Document> matcher,
                Supplier<List<Index<P>>> indexes, CursorRegistry cursors, ReadFieldValues<P> readValues,
                UnaryOperator<Document> answer) {
        this.lock = lock;
        this.documents = documents;
        this.matcher = matcher;
        this.indexes = indexes;
        this.cursors = cursors;
        this.readValues = readValues;
        this.answer = answer;
    }

    /** The answer, or {@code null} when no ordered index serves this query and its sort order. */
    QueryResult find(QueryParameters parameters) {
        Document selector = parameters.getQuerySelector();
        Document query;
        Document orderBy;
        if (selector.containsKey("$query")) {
            query = (Document) selector.get("$query");
            orderBy = (Document) selector.get("$orderby");
        } else if (selector.containsKey("query")) {
            query = (Document) selector.get("query");
            orderBy = (Document) selector.get("orderby");
        } else {
            query = selector;
            orderBy = null;
        }
        Document projection = parameters.getProjection();
        if (query == null || (projection != null && !projection.isEmpty())) {
            return null;
        }
        Plan<P> plan = plan(query, orderBy);
        if (plan == null) {
            return null;
        }
        ExclusionList exclusion = ExclusionList.of(query);
        Iterator<P> positions = plan.range().positions(plan.descending());
        Function<P, Document> reader = documents;
        if (exclusion != null && readValues != null) {
            positions = new Filtered<>(positions, position -> !exclusion.excludes(
                    readValues.valueOf(exclusion.field(), position)));
            reader = rememberingReader(exclusion.field());
        }
        BiPredicate<Document, Document> matching = exclusion != null ? exclusion.matcher(query, matcher) : matcher;
        // a position whose document is gone reads as null, which Filtered passes over
        Iterator<Document> matches = new Filtered<>(new Mapped<>(positions, reader),
                document -> matching.test(document, query));
        for (int i = 0; i < parameters.getNumberToSkip() && matches.hasNext(); i++) {
            matches.next();
        }
        int limit = Math.abs(parameters.getLimit());
        Iterator<Document> results = new Mapped<>(limit > 0 ? new Limited(matches, limit) : matches, answer);
        int batchSize = parameters.getBatchSize();
        // without a batch size the caller may be the server itself, which reads the first batch only
        List<Document> first = take(results, batchSize > 0 ? batchSize : Integer.MAX_VALUE);
        if (!results.hasNext()) {
            return new QueryResult(first);
        }
        StreamingCursor cursor = new StreamingCursor(cursors.generateCursorId(), results, lock);
        cursors.add(cursor);
        return new QueryResult(first, cursor);
    }

    private Function<P, Document> rememberingReader(String field) {
        return position -> {
            Document document = documents.apply(position);
            if (document != null) {
                readValues.read(field, position, document.get(field));
            }
            return document;
        };
    }

    private Plan<P> plan(Document query, Document orderBy) {
        Plan<P> best = null;
        for (Index<P> index : indexes.get()) {
            if (!(index instanceof OrderedIndex<P> ordered)) {
                continue;
            }
            OrderedIndex.Range<P> range = ordered.range(query);
            if (range == null && orderBy != null && !orderBy.isEmpty()) {
                range = ordered.all();
            }
            if (range == null) {
                continue;
            }
            Boolean descending = direction(ordered.fields(), range.equalities(), orderBy);
            if (descending == null) {
                continue;
            }
            if (best == null || range.equalities() > best.range().equalities()) {
                best = new Plan<>(range, descending);
            }
        }
        return best;
    }

    /**
     * Whether the index order is the requested one read forwards ({@code false}) or backwards
     * ({@code true}); {@code null} when it is neither. Fields fixed by equality do not change the order.
     */
    private static Boolean direction(List<String> fields, int equalities, Document orderBy) {
        if (orderBy == null || orderBy.isEmpty()) {
            return false;
        }
        int next = equalities;
        Boolean descending = null;
        for (var sort : orderBy.entrySet()) {
            int fixed = fields.subList(0, equalities).indexOf(sort.getKey());
            if (!(sort.getValue() instanceof Number number)) {
                return null;
            }
            boolean down = number.doubleValue() < 0;
            if (fixed >= 0) {
                continue;
            }
            if (next >= fields.size() || !fields.get(next).equals(sort.getKey())
                    || (descending != null && descending != down)) {
                return null;
            }
            descending = down;
            next++;
        }
        return descending != null && descending;
    }

    private static List<Document> take(Iterator<Document> documents, int count) {
        List<Document> batch = new ArrayList<>();
        while (batch.size() < count && documents.hasNext()) {
            batch.add(documents.next());
        }
        return batch;
    }

    private record Plan<P>(OrderedIndex.Range<P> range, boolean descending) {
    }

    /**
     * A {@code {field: {$nin: [strings]}}} clause, checked against a hash set. The wire server's matcher
     * normalises the whole list again for every candidate document; the event store's tailing query
     * excludes every event id of its look-back window, so a replay spent most of its time there.
     */
    record ExclusionList(String field, Set<Object> values, Document rest) {

        /** Whether a document known to hold this value in the field is excluded; an unknown value is not. */
        boolean excludes(String knownValue) {
            return knownValue != null && values.contains(knownValue);
        }

        BiPredicate<Document, Document> matcher(Document query, BiPredicate<Document, Document> matcher) {
            return (document, ignored) -> {
                Object value = document.get(field);
                if (value instanceof java.util.Collection<?> || value instanceof Document) {
                    return matcher.test(document, query);
                }
                return (value == null || !values.contains(value)) && matcher.test(document, rest);
            };
        }

        /** The clause at the top level or in a top-level {@code $and}, with the query left without it. */
        static ExclusionList of(Document query) {
            for (var entry : query.entrySet()) {
                ExclusionList found = clause(entry.getKey(), entry.getValue());
                if (found != null) {
                    Document rest = new Document(query);
                    rest.remove(entry.getKey());
                    return new ExclusionList(found.field(), found.values(), rest);
                }
            }
            if (query.get("$and") instanceof List<?> parts) {
                for (int i = 0; i < parts.size(); i++) {
                    if (parts.get(i) instanceof Document part && part.size() == 1) {
                        var entry = part.entrySet().iterator().next();
                        ExclusionList found = clause(entry.getKey(), entry.getValue());
                        if (found != null) {
                            List<Object> others = new ArrayList<>(parts);
                            others.remove(i);
                            Document rest = new Document(query);
                            if (others.isEmpty()) {
                                rest.remove("$and");
                            } else {
                                rest.put("$and", others);
                            }
                            return new ExclusionList(found.field(), found.values(), rest);
                        }
                    }
                }
            }
            return null;
        }

        private static ExclusionList clause(String field, Object condition) {
            if (field.startsWith("$") || field.contains(".") || !(condition instanceof Document operators)
                    || operators.size() != 1 || !(operators.get("$nin") instanceof List<?> list)
                    || !list.stream().allMatch(String.class::isInstance)) {
                return null;
            }
            return new ExclusionList(field, new HashSet<>(list), null);
        }
    }

    /** The elements that are not null and pass the test, found ahead of {@link #next()} one at a time. */
    private static final class Filtered<T> implements Iterator<T> {
        private final Iterator<T> elements;
        private final Predicate<T> test;
        private T next;

        Filtered(Iterator<T> elements, Predicate<T> test) {
            this.elements = elements;
            this.test = test;
        }

        @Override
        public boolean hasNext() {
            while (next == null && elements.hasNext()) {
                T candidate = elements.next();
                if (candidate != null && test.test(candidate)) {
                    next = candidate;
                }
            }
            return next != null;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            T result = next;
            next = null;
            return result;
        }
    }

    private static final class Limited implements Iterator<Document> {
        private final Iterator<Document> documents;
        private int left;

        Limited(Iterator<Document> documents, int limit) {
            this.documents = documents;
            this.left = limit;
        }

        @Override
        public boolean hasNext() {
            return left > 0 && documents.hasNext();
        }

        @Override
        public Document next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            left--;
            return documents.next();
        }
    }

    /**
     * Reads on from the index at each {@code getMore}. It holds the collection's lock while it reads, as
     * every other access to the collection does.
     */
    private static final class StreamingCursor extends AbstractCursor {
        private final Iterator<Document> documents;
        private final Object lock;

        StreamingCursor(long id, Iterator<Document> documents, Object lock) {
            super(id);
            this.documents = documents;
            this.lock = lock;
        }

        @Override
        public boolean isEmpty() {
            synchronized (lock) {
                return !documents.hasNext();
            }
        }

        @Override
        public List<Document> takeDocuments(int numberToReturn) {
            synchronized (lock) {
                return take(documents, numberToReturn > 0 ? numberToReturn : DEFAULT_GET_MORE);
            }
        }
    }
}
