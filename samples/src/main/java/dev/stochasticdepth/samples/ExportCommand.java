package dev.stochasticdepth.samples;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.translate.TranslateException;

import dev.stochasticdepth.runtime.StochasticDepth;
import dev.stochasticdepth.samples.data.FashionMnist;
import dev.stochasticdepth.samples.training.Predictions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The deployment step: folds the stochastic network that {@code train --save} wrote into the
 * plain network ({@link StochasticDepth#fold}), saves that, loads the saved file into a freshly
 * built plain network (the stripped generated network, or DJL's untouched model-zoo {@code
 * ResNetV1} after {@code train --surgery}) and serves both through DJL's {@code Predictor} on the
 * test images of training, printing how far apart they are.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description =
                "Fold a network saved by train --save into the plain network, save it, load it"
                        + " back into the plain network and check through DJL's Predictor that"
                        + " it serves what the stochastic network serves at inference.")
final class ExportCommand implements Callable<Integer> {

    /** The model name of the served network in the {@code --out} folder. */
    static final String SERVED = "served";

    /** Images per predictor call. */
    static final int BATCH = 100;

    @Spec private CommandSpec spec;

    @Mixin private SavedModelOption from;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "results/served",
            description =
                    "Where to write served-0000.params and served.properties. Default:"
                            + " ${DEFAULT-VALUE}.")
    private Path out;

    /** Rejects a negative {@code --precise-bn}. */
    static void checkBatches(CommandSpec spec, int batches) {
        if (batches < 0) {
            throw new ParameterException(
                    spec.commandLine(), "--precise-bn must be at least 0, got " + batches);
        }
    }

    @Override
    public Integer call() throws IOException, TranslateException {
        SavedNetwork recipe;
        FashionMnist.Split test;
        checkBatches(spec, from.preciseBnBatches);
        try {
            recipe = SavedNetwork.read(from.directory, SavedNetwork.STOCHASTIC);
            test = recipe.testImages();
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter stdout = spec.commandLine().getOut();
        Predictions stochastic;
        ByteArrayOutputStream folded = new ByteArrayOutputStream();
        int epochs;
        try (Model model = recipe.load(from.directory, SavedNetwork.STOCHASTIC)) {
            recipe.calibrate(model, from.preciseBnBatches);
            stochastic = Predictions.of(model, test, BATCH);
            StochasticDepth.fold(model.getBlock());
            try (DataOutputStream bytes = new DataOutputStream(folded)) {
                model.getBlock().saveParameters(bytes);
            }
            String epoch = model.getProperty("Epoch");
            epochs = epoch == null ? 0 : Integer.parseInt(epoch);
        }
        // The folded parameters go into a freshly built plain network, the one that serves. (DJL
        // cannot save a model it loaded: a loaded block knows its input shapes but not their
        // names, which Model.save writes.)
        try (Model model = Model.newInstance(SERVED)) {
            Block plain = recipe.plain().build();
            NDManager manager = model.getNDManager();
            Shape image = new Shape(1, 1, FashionMnist.SIDE, FashionMnist.SIDE);
            plain.initialize(manager, DataType.FLOAT32, image);
            try (DataInputStream bytes =
                    new DataInputStream(new ByteArrayInputStream(folded.toByteArray()))) {
                plain.loadParameters(manager, bytes);
            } catch (MalformedModelException e) {
                throw new IllegalStateException("the folded network does not fit the plain one", e);
            }
            model.setBlock(plain);
            recipe.plain().save(model, out, SERVED, epochs);
        }
        Predictions served;
        try (Model model = recipe.plain().load(out, SERVED)) {
            served = Predictions.of(model, test, BATCH);
        }
        stdout.printf(
                Locale.ROOT,
                "stochastic network at inference (%s): test accuracy %.2f%%%n",
                from.directory.resolve(SavedNetwork.STOCHASTIC + "-*.params"),
                100 * stochastic.accuracy());
        stdout.printf(
                Locale.ROOT,
                "folded plain network (%s, loaded into %s): test accuracy %.2f%%%n",
                out.resolve(SERVED + "-*.params"),
                recipe.surgery()
                        ? "DJL's untouched ResNetV1"
                        : "the plain " + recipe.network().id(),
                100 * served.accuracy());
        stdout.printf(
                Locale.ROOT,
                "same predicted class on %d of %d test images; largest logit difference %.3g"
                        + " (logits up to %.3g)%n",
                served.sameClass(stochastic),
                test.size(),
                served.maxDifference(stochastic),
                stochastic.maxMagnitude());
        stdout.flush();
        return 0;
    }
}
