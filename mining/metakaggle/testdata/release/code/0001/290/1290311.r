library(randomForest)
train <- read.csv("../input/train.csv")
fit <- randomForest(species ~ ., data = train[, -1])
