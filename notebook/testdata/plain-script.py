"""Quick submission script exported from a Kaggle kernel."""
import sys
import pandas as pd

if __name__ == "__main__":
    df = pd.read_csv(sys.argv[1])
    df[["PassengerId"]].assign(Survived=0).to_csv("submission.csv", index=False)

