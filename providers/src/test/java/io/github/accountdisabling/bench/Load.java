package io.github.accountdisabling.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs one operation from several threads for a warm-up, then for a fixed time, and reports rate and latency. */
final class Load {

    /** One unit of work; returns false when the server answered with an error. */
    interface Operation {
        boolean run(int worker, int iteration) throws Exception;
    }

    record Result(String name, int threads, long operations, long errors, double seconds, double p50Millis,
                  double p99Millis) {
        double perSecond() {
            return operations / seconds;
        }
    }

    private Load() {
    }

    static Result run(String name, int threads, Duration warmUp, Duration measure, Operation operation) throws Exception {
        drive(threads, warmUp, operation, new ArrayList<>(), new AtomicInteger());
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        long start = System.nanoTime();
        drive(threads, measure, operation, latencies, errors);
        return result(name, threads, latencies, errors, (System.nanoTime() - start) / 1e9);
    }

    /** One variant of an interleaved comparison. */
    record Variant(String name, Operation operation) {
    }

    /**
     * Compares variants by taking turns: {@code warmUpRounds} unmeasured rounds, then {@code rounds} measured
     * rounds, each variant running for {@code slice} per round. The server's JIT warms up and the shared machine
     * drifts during a run; taking short turns spreads both over every variant alike, where back-to-back runs
     * favour whichever variant runs last.
     */
    static List<Result> interleaved(List<Variant> variants, int threads, Duration slice, int warmUpRounds, int rounds)
            throws Exception {
        for (int round = 0; round < warmUpRounds; round++) {
            for (Variant variant : variants) {
                drive(threads, slice, variant.operation(), new ArrayList<>(), new AtomicInteger());
            }
        }
        List<List<Long>> latencies = new ArrayList<>();
        List<AtomicInteger> errors = new ArrayList<>();
        double[] seconds = new double[variants.size()];
        for (int v = 0; v < variants.size(); v++) {
            latencies.add(Collections.synchronizedList(new ArrayList<>()));
            errors.add(new AtomicInteger());
        }
        for (int round = 0; round < rounds; round++) {
            for (int v = 0; v < variants.size(); v++) {
                long start = System.nanoTime();
                drive(threads, slice, variants.get(v).operation(), latencies.get(v), errors.get(v));
                seconds[v] += (System.nanoTime() - start) / 1e9;
            }
        }
        List<Result> results = new ArrayList<>();
        for (int v = 0; v < variants.size(); v++) {
            results.add(result(variants.get(v).name(), threads, latencies.get(v), errors.get(v), seconds[v]));
        }
        return results;
    }

    private static Result result(String name, int threads, List<Long> latencies, AtomicInteger errors, double seconds) {
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Result(name, threads, sorted.size(), errors.get(), seconds, percentile(sorted, 0.50),
                percentile(sorted, 0.99));
    }

    /** Times single runs of an operation that can't be repeated back to back without set-up in between. */
    static double medianMillis(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return percentile(sorted, 0.5);
    }

    private static void drive(int threads, Duration duration, Operation operation, List<Long> latencies,
                              AtomicInteger errors) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long deadline = System.nanoTime() + duration.toNanos();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int worker = t;
                workers.add(pool.submit(() -> {
                    int iteration = 0;
                    while (System.nanoTime() < deadline) {
                        long begin = System.nanoTime();
                        boolean ok;
                        try {
                            ok = operation.run(worker, iteration++);
                        } catch (Exception e) {
                            ok = false;
                        }
                        if (ok) {
                            latencies.add(System.nanoTime() - begin);
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static double percentile(List<Long> sorted, double quantile) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
