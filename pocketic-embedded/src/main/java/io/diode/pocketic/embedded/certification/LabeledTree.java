package io.diode.pocketic.embedded.certification;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state tree as plain data (labels to subtrees, ending in leaves), before it is hashed: e.g.
 * {@code time -> leaf}, {@code request_status -> <id> -> status -> leaf}. It turns into the full
 * {@link HashTree} or into a witness pruned to the paths a read_state asks for.
 */
public sealed interface LabeledTree {

    static LabeledTree leaf(byte[] value) {
        return new Leaf(value.clone());
    }

    static LabeledTree leaf(String value) {
        return leaf(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A subtree whose children are sorted by label bytewise, the order the spec's lookup relies on. */
    static Node node(Map<byte[], LabeledTree> children) {
        TreeMap<byte[], LabeledTree> sorted = new TreeMap<>(Arrays::compareUnsigned);
        sorted.putAll(children);
        return new Node(Collections.unmodifiableNavigableMap(sorted));
    }

    static Node empty() {
        return node(Map.of());
    }

    HashTree hashTree();

    /**
     * The hash tree revealing exactly the requested paths: a path's whole subtree when it exists; when a label is
     * missing, its neighbours' labels, so the client can tell "absent" from "pruned"; everything else pruned.
     */
    HashTree witness(List<List<byte[]>> paths);

    record Leaf(byte[] value) implements LabeledTree {
        @Override
        public HashTree hashTree() {
            return new HashTree.Leaf(value);
        }

        @Override
        public HashTree witness(List<List<byte[]>> paths) {
            return hashTree();
        }
    }

    record Node(java.util.NavigableMap<byte[], LabeledTree> children) implements LabeledTree {

        /** Adds or replaces the subtree at a path of labels, creating nodes on the way. */
        public Node with(List<byte[]> path, LabeledTree subtree) {
            if (path.isEmpty()) {
                throw new IllegalArgumentException("a path needs at least one label");
            }
            Map<byte[], LabeledTree> copy = new TreeMap<>(Arrays::compareUnsigned);
            copy.putAll(children);
            byte[] first = path.getFirst();
            if (path.size() == 1) {
                copy.put(first, subtree);
            } else {
                LabeledTree existing = children.get(first);
                Node child = existing instanceof Node node ? node : empty();
                copy.put(first, child.with(path.subList(1, path.size()), subtree));
            }
            return node(copy);
        }

        @Override
        public HashTree hashTree() {
            List<Map.Entry<byte[], LabeledTree>> entries = new ArrayList<>(children.entrySet());
            return entries.isEmpty() ? new HashTree.Empty() : forks(entries, 0, entries.size(), null);
        }

        @Override
        public HashTree witness(List<List<byte[]>> paths) {
            if (paths.stream().anyMatch(List::isEmpty)) {
                return hashTree();
            }
            List<Map.Entry<byte[], LabeledTree>> entries = new ArrayList<>(children.entrySet());
            if (entries.isEmpty()) {
                return new HashTree.Empty();
            }
            Map<Integer, HashTree> revealed = new HashMap<>();
            Map<byte[], List<List<byte[]>>> byLabel = new TreeMap<>(Arrays::compareUnsigned);
            for (List<byte[]> path : paths) {
                byLabel.computeIfAbsent(path.getFirst(), label -> new ArrayList<>())
                        .add(path.subList(1, path.size()));
            }
            List<byte[]> labels = entries.stream().map(Map.Entry::getKey).toList();
            for (Map.Entry<byte[], List<List<byte[]>>> request : byLabel.entrySet()) {
                int index = Collections.binarySearch(labels, request.getKey(), Arrays::compareUnsigned);
                if (index >= 0) {
                    revealed.put(
                            index,
                            new HashTree.Labeled(
                                    labels.get(index),
                                    entries.get(index).getValue().witness(request.getValue())));
                } else {
                    int insertion = -index - 1;
                    revealLabelOnly(entries, insertion - 1, revealed);
                    revealLabelOnly(entries, insertion, revealed);
                }
            }
            return forks(entries, 0, entries.size(), revealed);
        }

        private static void revealLabelOnly(
                List<Map.Entry<byte[], LabeledTree>> entries, int index, Map<Integer, HashTree> revealed) {
            if (index >= 0 && index < entries.size() && !revealed.containsKey(index)) {
                Map.Entry<byte[], LabeledTree> entry = entries.get(index);
                revealed.put(
                        index,
                        new HashTree.Labeled(
                                entry.getKey(),
                                new HashTree.Pruned(entry.getValue().hashTree().digest())));
            }
        }

        /**
         * A balanced fork tree over entries [from, to). With {@code revealed} (a witness), ranges holding no
         * revealed entry collapse into one pruned node.
         */
        private static HashTree forks(
                List<Map.Entry<byte[], LabeledTree>> entries, int from, int to, Map<Integer, HashTree> revealed) {
            if (revealed != null && revealed.keySet().stream().noneMatch(i -> i >= from && i < to)) {
                return new HashTree.Pruned(forks(entries, from, to, null).digest());
            }
            if (to - from == 1) {
                if (revealed != null) {
                    return revealed.get(from);
                }
                Map.Entry<byte[], LabeledTree> entry = entries.get(from);
                return new HashTree.Labeled(entry.getKey(), entry.getValue().hashTree());
            }
            int middle = (from + to) >>> 1;
            return new HashTree.Fork(forks(entries, from, middle, revealed), forks(entries, middle, to, revealed));
        }
    }
}
