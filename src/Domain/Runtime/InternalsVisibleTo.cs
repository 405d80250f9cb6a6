using System.Runtime.CompilerServices;

// The runtime's tests check the SQL the step writer generates for each provider (SQL Server cannot run here).
[assembly: InternalsVisibleTo("CallManager.Domain.Tests")]
