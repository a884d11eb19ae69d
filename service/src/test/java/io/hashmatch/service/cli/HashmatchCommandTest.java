package io.hashmatch.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top command's tree: the subcommand names it knows, and the tree it builds for a run of one subcommand. */
class HashmatchCommandTest {
    @Test
    void eachSubcommandNameIsTheOneItsModelDeclares() throws Exception {
        for (HashmatchCommand.Subcommand sub : HashmatchCommand.SUBCOMMANDS) {
            String declared = ModelInCode.class.isAssignableFrom(sub.type())
                    ? ((ModelInCode) CommandLine.defaultFactory().create(sub.type()))
                            .spec()
                            .name() // built in code
                    : sub.type().getAnnotation(Command.class).name();
            assertThat(declared).as(sub.type().getName()).isEqualTo(sub.name());
        }
    }

    @Test
    void aRunOfOneSubcommandBuildsOnlyThatOne() {
        CommandLine cmd = HashmatchCommand.newCommandLine(CommandLine.defaultFactory(), new String[] {"hash", "x"});
        assertThat(cmd.getSubcommands().keySet()).containsExactly("hash");
    }

    @Test
    void helpNoArgumentsAndUnknownNamesGetTheFullTree() {
        String[] all = HashmatchCommand.SUBCOMMANDS.stream()
                .map(HashmatchCommand.Subcommand::name)
                .toArray(String[]::new);
        for (String[] args : new String[][] {{}, {"help", "hash"}, {"--version"}, {"hsah"}}) {
            CommandLine cmd = HashmatchCommand.newCommandLine(CommandLine.defaultFactory(), args);
            assertThat(cmd.getSubcommands().keySet()).as(String.join(" ", args)).containsExactly(all);
        }
    }

    @Test
    void topLevelHelpListsEverySubcommandInOrder() {
        StringWriter out = new StringWriter();
        CommandLine cmd = HashmatchCommand.newCommandLine(CommandLine.defaultFactory(), new String[] {"--help"});
        cmd.setOut(new PrintWriter(out));
        assertThat(cmd.execute("--help")).isZero();
        String help = out.toString();
        int previous = -1;
        for (HashmatchCommand.Subcommand sub : HashmatchCommand.SUBCOMMANDS) {
            int at = help.indexOf("\n  " + sub.name() + " ");
            assertThat(at).as(sub.name() + " in\n" + help).isGreaterThan(previous);
            previous = at;
        }
    }
}
