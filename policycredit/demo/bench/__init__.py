"""The benchmarks behind ``policycredit bench NAME``: each builds what it measures (often in a
scratch database, ``scratch``) and prints its figures. Developer tools, like the demo district
beside them: nothing in production imports this package."""
