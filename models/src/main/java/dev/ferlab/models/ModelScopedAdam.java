package dev.ferlab.models;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Adam;
import java.util.Map;
import java.util.function.Function;

/**
 * DJL's Adam with its state freed along with the model. DJL 0.36 detaches each weight's two moment arrays from every
 * manager (to the engine's system manager, which nothing closes): every training run left twice
 * its trainable parameters behind, 1.07 GB a run for VGG16, and a trainer that trained the study's grid grew past
 * 10 GB (issue 18). Here each state array is attached to its weight's manager, the model's, and goes when the model
 * is closed. The update itself is DJL's, unchanged.
 */
public final class ModelScopedAdam extends Adam {
    /** The manager of the weight being updated; the trainer's one thread calls {@link #update} for each in turn. */
    private NDManager owner;

    public ModelScopedAdam(Adam.Builder builder) {
        super(builder);
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        owner = weight.getManager();
        super.update(parameterId, weight, grad);
    }

    @Override
    protected NDArray withDefaultState(Map<String, Map<Device, NDArray>> state, String key, Device device,
            Function<String, NDArray> defaultFunction) {
        NDArray array = super.withDefaultState(state, key, device, defaultFunction);
        // DJL detaches a new state array from every manager, so that no step's sub-manager closes it: it is moved
        // here once, to the manager that holds its weight.
        if (array.getManager() != owner) {
            array.attach(owner);
        }
        return array;
    }
}
