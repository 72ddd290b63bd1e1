"""Trains scikit-learn's Ridge regression on its bundled diabetes data set and writes the model folder.

Usage: /usr/bin/python3 train.py [--out model]

The folder holds:
  sklearn_regression_model.pkl  the fitted estimator (pickle, for score.py)
  coefficients.json             intercept and coefficients (for score.cs, which needs no Python)
"""
import argparse
import json
import os
import pickle

import sklearn
from sklearn.datasets import load_diabetes
from sklearn.linear_model import Ridge
from sklearn.model_selection import train_test_split


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "model"))
    args = parser.parse_args()

    x, y = load_diabetes(return_X_y=True)
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2, random_state=0)
    model = Ridge(alpha=0.5).fit(x_train, y_train)
    print(f"R^2 on the held-out 20%: {model.score(x_test, y_test):.3f}")

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "sklearn_regression_model.pkl"), "wb") as f:
        pickle.dump(model, f)
    with open(os.path.join(args.out, "coefficients.json"), "w") as f:
        json.dump({
            "model": "Ridge",
            "alpha": 0.5,
            "sklearn_version": sklearn.__version__,
            "intercept": float(model.intercept_),
            "coefficients": [float(c) for c in model.coef_],
        }, f, indent=2)
        f.write("\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
