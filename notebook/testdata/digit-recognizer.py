#!/usr/bin/env python
# coding: utf-8

# # Digit Recognizer with Keras
# 
# A small CNN on MNIST.

# In[1]:


import numpy as np
import pandas as pd
get_ipython().run_line_magic('matplotlib', 'inline')
import matplotlib.pyplot as plt


# In[2]:


from tensorflow import keras
from tensorflow.keras import layers

train = pd.read_csv("../input/train.csv")
X = train.drop("label", axis=1).values.reshape(-1, 28, 28, 1) / 255.0
y = keras.utils.to_categorical(train["label"])


# ## Model
# 
# Two conv blocks and a dense head.

# In[ ]:


model = keras.Sequential([
    layers.Conv2D(32, 3, activation="relu", input_shape=(28, 28, 1)),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
model.compile("adam", "categorical_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=1, batch_size=128)


# In[ ]:




