import TablaSupport

/// A training run that produced nothing worth keeping.
public enum TrainingError: ReportableError, Equatable {
    /// No epoch reached a finite validation loss (a learning rate too large, NaN
    /// weights): nothing was written and any file already at `path` is as it was.
    case diverged(path: String, epochs: Int)

    /// The model file that was not written.
    public var file: String? {
        switch self { case .diverged(let path, _): path }
    }

    /// What happened and what to do.
    public var message: String {
        switch self {
        case .diverged(_, let epochs):
            "training diverged: no epoch of \(epochs) reached a finite validation loss; nothing was written "
                + "(try a smaller --lr)"
        }
    }
}
