package io.hashmatch.service.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/** Runs the hashmatch command tree in-process with captured output. */
final class Cli {
    /** What a run produced. */
    record Result(int exitCode, String out, String err) {
        /** Standard output split into lines (the last newline ends the last line). */
        List<String> lines() {
            return out.isEmpty()
                    ? List.of()
                    : Arrays.asList(out.split("\n", -1)).subList(0, out.split("\n", -1).length - 1);
        }
    }

    private Cli() {}

    /** With the real engine. */
    static Result run(String... args) {
        return run(CommandLine.defaultFactory(), args);
    }

    /** With {@code hasherFactory} in place of the engine's hash function. */
    static Result runWith(HashCommand.HasherFactory hasherFactory, String... args) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        return run(
                new CommandLine.IFactory() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public <K> K create(Class<K> cls) throws Exception {
                        return cls == HashCommand.class ? (K) new HashCommand(hasherFactory) : defaults.create(cls);
                    }
                },
                args);
    }

    /** With {@code stdin} as the standard input of {@code match}. */
    static Result runWithStdin(String stdin, String... args) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        return run(
                new CommandLine.IFactory() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public <K> K create(Class<K> cls) throws Exception {
                        return cls == MatchCommand.class
                                ? (K) new MatchCommand(new java.io.ByteArrayInputStream(
                                        stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                                : defaults.create(cls);
                    }
                },
                args);
    }

    static Result run(CommandLine.IFactory factory, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = HashmatchCommand.newCommandLine(factory);
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int exit = cmd.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }
}
