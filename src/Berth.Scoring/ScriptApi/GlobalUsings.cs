// Compiled into every score.cs: the usings a scoring script needs without writing them.
global using System;
global using System.Collections.Generic;
global using System.IO;
global using System.Linq;
global using System.Text.Json;
global using System.Text.Json.Serialization;
global using System.Threading.Tasks;
global using Berth.Scoring;
