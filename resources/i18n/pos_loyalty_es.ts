<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>Everywhere</source>
        <translation>En todas partes</translation>
    </message>
    <message>
        <source>go to {screen}</source>
        <translation>ir a {screen}</translation>
    </message>
    <message>
        <source>this list of shortcuts</source>
        <translation>esta lista de atajos</translation>
    </message>
    <message>
        <source>lock the till (sign in again)</source>
        <translation>bloquear la caja (volver a iniciar sesión)</translation>
    </message>
    <message>
        <source>sync with the hub now</source>
        <translation>sincronizar con el servidor central ahora</translation>
    </message>
    <message>
        <source>open or close the customer display (second screen)</source>
        <translation>abrir o cerrar la pantalla del cliente (segunda pantalla)</translation>
    </message>
    <message>
        <source>look up the scanned card, or search phone, email, name</source>
        <translation>consultar la tarjeta escaneada, o buscar teléfono, correo, nombre</translation>
    </message>
    <message>
        <source>into the search matches</source>
        <translation>a los resultados de la búsqueda</translation>
    </message>
    <message>
        <source>the scan field</source>
        <translation>el campo de escaneo</translation>
    </message>
    <message>
        <source>type a line (Enter adds it)</source>
        <translation>escribir una línea (Intro la añade)</translation>
    </message>
    <message>
        <source>order total (no lines)</source>
        <translation>total del pedido (sin líneas)</translation>
    </message>
    <message>
        <source>remove the selected line</source>
        <translation>quitar la línea seleccionada</translation>
    </message>
    <message>
        <source>apply or remove reward 1…9</source>
        <translation>aplicar o quitar el premio 1…9</translation>
    </message>
    <message>
        <source>apply or remove the selected reward</source>
        <translation>aplicar o quitar el premio seleccionado</translation>
    </message>
    <message>
        <source>record an action (a review, a share…)</source>
        <translation>registrar una acción (una reseña, compartir…)</translation>
    </message>
    <message>
        <source>commit the sale</source>
        <translation>cobrar la venta</translation>
    </message>
    <message>
        <source>new sale (Esc in the scan field)</source>
        <translation>nueva venta (Esc en el campo de escaneo)</translation>
    </message>
    <message>
        <source>print the loyalty slip of the last sale</source>
        <translation>imprimir el ticket de fidelidad de la última venta</translation>
    </message>
    <message>
        <source>enrol the customer</source>
        <translation>dar de alta al cliente</translation>
    </message>
    <message>
        <source>clear the form</source>
        <translation>borrar el formulario</translation>
    </message>
    <message>
        <source>order id or card number (Enter finds, ↓ into the orders)</source>
        <translation>n.º de pedido o de tarjeta (Intro busca, ↓ a los pedidos)</translation>
    </message>
    <message>
        <source>quantities to refund</source>
        <translation>cantidades a devolver</translation>
    </message>
    <message>
        <source>refund by lines</source>
        <translation>devolver por líneas</translation>
    </message>
    <message>
        <source>refund all</source>
        <translation>devolver todo</translation>
    </message>
    <message>
        <source>cancel the order</source>
        <translation>anular el pedido</translation>
    </message>
    <message>
        <source>confirm the refund</source>
        <translation>confirmar la devolución</translation>
    </message>
    <message>
        <source>clear</source>
        <translation>borrar</translation>
    </message>
    <message>
        <source>search cards</source>
        <translation>buscar tarjetas</translation>
    </message>
    <message>
        <source>filter by status</source>
        <translation>filtrar por estado</translation>
    </message>
    <message>
        <source>reload the list</source>
        <translation>recargar la lista</translation>
    </message>
    <message>
        <source>adjust points</source>
        <translation>ajustar puntos</translation>
    </message>
    <message>
        <source>replace a lost card</source>
        <translation>sustituir una tarjeta perdida</translation>
    </message>
    <message>
        <source>suspend or reactivate</source>
        <translation>suspender o reactivar</translation>
    </message>
    <message>
        <source>edit the customer</source>
        <translation>editar el cliente</translation>
    </message>
    <message>
        <source>reprint the card</source>
        <translation>reimprimir la tarjeta</translation>
    </message>
    <message>
        <source>issue a coupon</source>
        <translation>emitir un cupón</translation>
    </message>
    <message>
        <source>void the selected coupon</source>
        <translation>anular el cupón seleccionado</translation>
    </message>
    <message>
        <source>create the cards</source>
        <translation>crear las tarjetas</translation>
    </message>
    <message>
        <source>cancel the run</source>
        <translation>cancelar la creación</translation>
    </message>
    <message>
        <source>print the selected batch</source>
        <translation>imprimir el lote seleccionado</translation>
    </message>
    <message>
        <source>export the selected batch&apos;s numbers as CSV</source>
        <translation>exportar los números del lote seleccionado en CSV</translation>
    </message>
    <message>
        <source>import customers, their cards and balances from CSV</source>
        <translation>importar clientes, sus tarjetas y saldos desde CSV</translation>
    </message>
    <message>
        <source>import a rules bundle</source>
        <translation>importar un paquete de reglas</translation>
    </message>
    <message>
        <source>save the store details</source>
        <translation>guardar los datos de la tienda</translation>
    </message>
    <message>
        <source>export the trigger log as CSV</source>
        <translation>exportar el registro de disparadores en CSV</translation>
    </message>
    <message>
        <source>previous page of the log</source>
        <translation>página anterior del registro</translation>
    </message>
    <message>
        <source>next page of the log</source>
        <translation>página siguiente del registro</translation>
    </message>
    <message>
        <source>resolve the selected exception (manager PIN)</source>
        <translation>resolver la incidencia seleccionada (PIN de encargado)</translation>
    </message>
    <message>
        <source>merge a duplicate customer (manager PIN)</source>
        <translation>fusionar un cliente duplicado (PIN de encargado)</translation>
    </message>
    <message>
        <source>read the report again</source>
        <translation>volver a leer el informe</translation>
    </message>
    <message>
        <source>export the table on show as CSV</source>
        <translation>exportar la tabla mostrada en CSV</translation>
    </message>
    <message>
        <source>save the chart on show as PNG</source>
        <translation>guardar el gráfico mostrado como PNG</translation>
    </message>
</context>
<context>
    <name>ActivityDialog</name>
    <message>
        <source>Record an action</source>
        <translation>Registrar una acción</translation>
    </message>
    <message>
        <source>{name} — card {number}</source>
        <translation>{name} — tarjeta {number}</translation>
    </message>
    <message>
        <source>no customer</source>
        <translation>sin cliente</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>Puntos</translation>
    </message>
    <message>
        <source>At most</source>
        <translation>Como máximo</translation>
    </message>
    <message>
        <source>&amp;Record (Enter)</source>
        <translation>&amp;Registrar (Intro)</translation>
    </message>
    <message>
        <source>once</source>
        <translation>una vez</translation>
    </message>
    <message>
        <source>once a day</source>
        <translation>una vez al día</translation>
    </message>
    <message>
        <source>once a week</source>
        <translation>una vez a la semana</translation>
    </message>
    <message>
        <source>once a month</source>
        <translation>una vez al mes</translation>
    </message>
    <message>
        <source>once a year</source>
        <translation>una vez al año</translation>
    </message>
    <message>
        <source>This store gives no points for actions at the till (the rules&apos; &quot;actions&quot;).</source>
        <translation>Esta tienda no da puntos por acciones en caja (las &quot;acciones&quot; de las reglas).</translation>
    </message>
    <message>
        <source>Balance: {points}</source>
        <translation>Saldo: {points}</translation>
    </message>
    <message>
        <source>{name}: already recorded — nothing changed.</source>
        <translation>{name}: ya registrada — no ha cambiado nada.</translation>
    </message>
    <message>
        <source>{name}: {points}. New balance {balance}.</source>
        <translation>{name}: {points}. Nuevo saldo: {balance}.</translation>
    </message>
</context>
<context>
    <name>ActivityPanel</name>
    <message>
        <source>Actions</source>
        <translation>Acciones</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>Puntos</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Por</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <source>Actions ({count})</source>
        <translation>Acciones ({count})</translation>
    </message>
    <message>
        <source>Actions: none recorded</source>
        <translation>Acciones: ninguna registrada</translation>
    </message>
</context>
<context>
    <name>AdjustDialog</name>
    <message>
        <source>Adjust points</source>
        <translation>Ajustar puntos</translation>
    </message>
    <message>
        <source>Card {number} — balance {balance}</source>
        <translation>Tarjeta {number} — saldo {balance}</translation>
    </message>
    <message>
        <source>Positive adds points, negative removes them</source>
        <translation>Positivo suma puntos, negativo los resta</translation>
    </message>
    <message>
        <source>Why (required), e.g. goodwill for a late order</source>
        <translation>Motivo (obligatorio), p. ej. compensación por un pedido con retraso</translation>
    </message>
    <message>
        <source>&amp;Points:</source>
        <translation>&amp;Puntos:</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Motivo:</translation>
    </message>
    <message>
        <source>Apply…</source>
        <translation>Aplicar…</translation>
    </message>
    <message>
        <source>Adjusting {points} needs a manager&apos;s PIN.</source>
        <translation>Ajustar {points} requiere el PIN de un encargado.</translation>
    </message>
</context>
<context>
    <name>ApiSettingsBox</name>
    <message>
        <source>Local API for the store&apos;s POS</source>
        <translation>API local para el TPV de la tienda</translation>
    </message>
    <message>
        <source>&amp;Answer the POS on this computer (127.0.0.1)</source>
        <translation>&amp;Atender al TPV en este ordenador (127.0.0.1)</translation>
    </message>
    <message>
        <source>Every call of the POS needs a token. The API&apos;s description is at /docs.</source>
        <translation>Cada llamada del TPV necesita un token. La descripción de la API está en /docs.</translation>
    </message>
    <message>
        <source>Save API settings</source>
        <translation>Guardar ajustes de la API</translation>
    </message>
    <message>
        <source>a name for the POS, e.g. main-till</source>
        <translation>un nombre para el TPV, p. ej. caja-principal</translation>
    </message>
    <message>
        <source>&amp;Make a token</source>
        <translation>&amp;Crear un token</translation>
    </message>
    <message>
        <source>&amp;Revoke its token</source>
        <translation>&amp;Revocar su token</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Puerto:</translation>
    </message>
    <message>
        <source>Tokens:</source>
        <translation>Tokens:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <source>{name}: made {made} by {who}, {used}</source>
        <translation>{name}: creado el {made} por {who}, {used}</translation>
    </message>
    <message>
        <source>last used {when}</source>
        <translation>último uso {when}</translation>
    </message>
    <message>
        <source>never used</source>
        <translation>sin usar</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>ninguno todavía</translation>
    </message>
    <message>
        <source>Nothing to save.</source>
        <translation>No hay nada que guardar.</translation>
    </message>
    <message>
        <source>Changing the local API needs a manager&apos;s PIN.</source>
        <translation>Cambiar la API local requiere el PIN de un encargado.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Guardado.</translation>
    </message>
    <message>
        <source>Making an API token needs a manager&apos;s PIN.</source>
        <translation>Crear un token de la API requiere el PIN de un encargado.</translation>
    </message>
    <message>
        <source>The token for {name}: copy it into the POS now — it is shown only this once.</source>
        <translation>El token de {name}: cópielo ahora en el TPV — solo se muestra esta vez.</translation>
    </message>
    <message>
        <source>Revoking an API token needs a manager&apos;s PIN.</source>
        <translation>Revocar un token de la API requiere el PIN de un encargado.</translation>
    </message>
    <message>
        <source>The token of {name} is revoked: its next call is refused.</source>
        <translation>El token de {name} está revocado: su próxima llamada se rechazará.</translation>
    </message>
</context>
<context>
    <name>BulkCreateScreen</name>
    <message>
        <source>Create a batch of unassigned card numbers to print and hand out later. Either every card is created, or — if you cancel — none.</source>
        <translation>Cree un lote de números de tarjeta sin asignar para imprimirlos y repartirlos después. Se crean todas las tarjetas o — si cancela — ninguna.</translation>
    </message>
    <message>
        <source> digits</source>
        <translation> dígitos</translation>
    </message>
    <message>
        <source>How many digits each card number has, check digit included (13 prints as EAN-13)</source>
        <translation>Cuántos dígitos tiene cada número de tarjeta, dígito de control incluido (13 se imprime como EAN-13)</translation>
    </message>
    <message>
        <source>digits the numbers start with (optional)</source>
        <translation>dígitos con los que empiezan los números (opcional)</translation>
    </message>
    <message>
        <source>e.g. Spring 2026 flyers</source>
        <translation>p. ej. folletos primavera 2026</translation>
    </message>
    <message>
        <source>&amp;How many cards:</source>
        <translation>&amp;Cuántas tarjetas:</translation>
    </message>
    <message>
        <source>Number &amp;length:</source>
        <translation>&amp;Longitud del número:</translation>
    </message>
    <message>
        <source>Number &amp;prefix:</source>
        <translation>&amp;Prefijo del número:</translation>
    </message>
    <message>
        <source>&amp;Batch name:</source>
        <translation>Nombre del lo&amp;te:</translation>
    </message>
    <message>
        <source>Create cards</source>
        <translation>Crear tarjetas</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Stop: no cards are created (Esc)</source>
        <translation>Parar: no se crea ninguna tarjeta (Esc)</translation>
    </message>
    <message>
        <source>%v of %m</source>
        <translation>%v de %m</translation>
    </message>
    <message>
        <source>Batches</source>
        <translation>Lotes</translation>
    </message>
    <message>
        <source>Print batch…</source>
        <translation>Imprimir lote…</translation>
    </message>
    <message>
        <source>Print the selected batch as barcoded cards</source>
        <translation>Imprimir el lote seleccionado como tarjetas con código de barras</translation>
    </message>
    <message>
        <source>Import customers…</source>
        <translation>Importar clientes…</translation>
    </message>
    <message>
        <source>Bring in an existing programme from CSV: customers, the cards they carry, their balances (a manager&apos;s PIN)</source>
        <translation>Traer un programa existente desde CSV: clientes, las tarjetas que llevan y sus saldos (PIN de encargado)</translation>
    </message>
    <message>
        <source>Export numbers…</source>
        <translation>Exportar números…</translation>
    </message>
    <message>
        <source>Save the selected batch&apos;s numbers as CSV, for a card-printing company</source>
        <translation>Guardar los números del lote seleccionado en CSV, para una imprenta de tarjetas</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Lote</translation>
    </message>
    <message>
        <source>Cards</source>
        <translation>Tarjetas</translation>
    </message>
    <message>
        <source>Digits</source>
        <translation>Dígitos</translation>
    </message>
    <message>
        <source>Prefix</source>
        <translation>Prefijo</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Creado</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Por</translation>
    </message>
    <message>
        <source>Creating {count}…</source>
        <translation>Creando {count}…</translation>
    </message>
    <message>
        <source>card</source>
        <translation>tarjeta</translation>
    </message>
    <message>
        <source>cards</source>
        <translation>tarjetas</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message>
        <source>Batch “{name}”: {count} created — {scheme}, in no particular order.</source>
        <translation>Lote «{name}»: {count} creadas — {scheme}, sin orden concreto.</translation>
    </message>
    <message>
        <source>Cancelled: no cards were created.</source>
        <translation>Cancelado: no se ha creado ninguna tarjeta.</translation>
    </message>
    <message>
        <source>The cards could not be created: {error}</source>
        <translation>No se han podido crear las tarjetas: {error}</translation>
    </message>
    <message>
        <source>Export the batch&apos;s card numbers</source>
        <translation>Exportar los números de tarjeta del lote</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <source>{count} of batch {batch} saved to {path}</source>
        <translation>{count} del lote {batch} guardados en {path}</translation>
    </message>
    <message>
        <source>card number</source>
        <translation>número de tarjeta</translation>
    </message>
    <message>
        <source>card numbers</source>
        <translation>números de tarjeta</translation>
    </message>
    <message>
        <source>Import customers from CSV</source>
        <translation>Importar clientes desde CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>Archivos CSV (*.csv *.txt);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Importing customers needs a manager&apos;s PIN.</source>
        <translation>Importar clientes requiere el PIN de un encargado.</translation>
    </message>
    <message>
        <source>random {length}-digit numbers starting with {prefix}</source>
        <translation>números aleatorios de {length} dígitos que empiezan por {prefix}</translation>
    </message>
    <message>
        <source>random {length}-digit numbers</source>
        <translation>números aleatorios de {length} dígitos</translation>
    </message>
</context>
<context>
    <name>CampaignsScreen</name>
    <message>
        <source>Campaigns</source>
        <translation>Campañas</translation>
    </message>
    <message>
        <source>from YYYY-MM-DD</source>
        <translation>desde AAAA-MM-DD</translation>
    </message>
    <message>
        <source>to YYYY-MM-DD</source>
        <translation>hasta AAAA-MM-DD</translation>
    </message>
    <message>
        <source>Every status</source>
        <translation>Todos los estados</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Pendiente</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Enviado</translation>
    </message>
    <message>
        <source>Conversions</source>
        <translation>Conversiones</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>Bloqueado</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Mostrar</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Exportar CSV…</translation>
    </message>
    <message>
        <source>Messages pending</source>
        <translation>Mensajes pendientes</translation>
    </message>
    <message>
        <source>Messages sent</source>
        <translation>Mensajes enviados</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>Ingresos</translation>
    </message>
    <message>
        <source>Messages sent per week</source>
        <translation>Mensajes enviados por semana</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>Página anterior</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>Página siguiente</translation>
    </message>
    <message>
        <source>Send now</source>
        <translation>Enviar ahora</translation>
    </message>
    <message>
        <source>Send the selected pending messages (all when none is selected)</source>
        <translation>Enviar los mensajes pendientes seleccionados (todos si no hay ninguno seleccionado)</translation>
    </message>
    <message>
        <source>Messages waiting to be sent</source>
        <translation>Mensajes en espera de envío</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is not a date such as 2026-11-29</source>
        <translation>&apos;{0}&apos; no es una fecha como 2026-11-29</translation>
    </message>
    <message>
        <source>{0} → {1} &lt;{2}&gt; ({3})</source>
        <translation>{0} → {1} &lt;{2}&gt; ({3})</translation>
    </message>
    <message>
        <source>Page {0} of {1} — {2}</source>
        <translation>Página {0} de {1} — {2}</translation>
    </message>
    <message>
        <source>row</source>
        <translation>fila</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>filas</translation>
    </message>
    <message>
        <source>Export the trigger log</source>
        <translation>Exportar el registro de disparadores</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <source>Could not write {0}: {1}</source>
        <translation>No se ha podido escribir {0}: {1}</translation>
    </message>
</context>
<context>
    <name>CardDetail</name>
    <message>
        <source>Select a card</source>
        <translation>Seleccione una tarjeta</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Saldo</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>Nivel</translation>
    </message>
    <message>
        <source>Expiring soon</source>
        <translation>Caducan pronto</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Correo</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Lote</translation>
    </message>
    <message>
        <source>Adjust points…</source>
        <translation>Ajustar puntos…</translation>
    </message>
    <message>
        <source>Replace lost card…</source>
        <translation>Sustituir tarjeta…</translation>
    </message>
    <message>
        <source>Suspend</source>
        <translation>Suspender</translation>
    </message>
    <message>
        <source>Suspend or reactivate the card</source>
        <translation>Suspender o reactivar la tarjeta</translation>
    </message>
    <message>
        <source>Edit customer…</source>
        <translation>Editar cliente…</translation>
    </message>
    <message>
        <source>Reprint card…</source>
        <translation>Reimprimir…</translation>
    </message>
    <message>
        <source>Print this card again</source>
        <translation>Volver a imprimir esta tarjeta</translation>
    </message>
    <message>
        <source>Privacy</source>
        <translation>Privacidad</translation>
    </message>
    <message>
        <source>The customer&apos;s own data: export it at their request, or forget them (manager)</source>
        <translation>Los datos del propio cliente: exportarlos a petición suya u olvidarlo (encargado)</translation>
    </message>
    <message>
        <source>Export customer data…</source>
        <translation>Exportar datos del cliente…</translation>
    </message>
    <message>
        <source>Everything the store holds about this customer, as a JSON file, for their request</source>
        <translation>Todo lo que la tienda guarda sobre este cliente, en un archivo JSON, para su solicitud</translation>
    </message>
    <message>
        <source>Forget customer…</source>
        <translation>Olvidar cliente…</translation>
    </message>
    <message>
        <source>Erase the customer&apos;s personal details for good, at their request</source>
        <translation>Borrar para siempre los datos personales del cliente, a petición suya</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historial</translation>
    </message>
    <message>
        <source>Coupons</source>
        <translation>Cupones</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Acciones</translation>
    </message>
    <message>
        <source>unassigned (not given to a customer yet)</source>
        <translation>sin asignar (aún no entregada a un cliente)</translation>
    </message>
    <message>
        <source>active</source>
        <translation>activa</translation>
    </message>
    <message>
        <source>suspended — earns and spends nothing</source>
        <translation>suspendida — no gana ni gasta puntos</translation>
    </message>
    <message>
        <source>replaced</source>
        <translation>sustituida</translation>
    </message>
    <message>
        <source>replaced by {number}</source>
        <translation>sustituida por {number}</translation>
    </message>
    <message>
        <source>Card {number}</source>
        <translation>Tarjeta {number}</translation>
    </message>
    <message>
        <source>{points} by {date}</source>
        <translation>{points} antes del {date}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <source>no customer</source>
        <translation>sin cliente</translation>
    </message>
    <message>
        <source>Reactivate</source>
        <translation>Reactivar</translation>
    </message>
    <message>
        <source>{points} by {manager}: {reason}. New balance {balance}.</source>
        <translation>{points} por {manager}: {reason}. Nuevo saldo: {balance}.</translation>
    </message>
    <message>
        <source>Replace lost card</source>
        <translation>Sustituir tarjeta perdida</translation>
    </message>
    <message>
        <source>Scan the new pre-printed card, or leave empty to create a new number.
The balance and history move to the new card; {old} stops working.</source>
        <translation>Escanee la nueva tarjeta preimpresa o déjelo vacío para crear un número nuevo.
El saldo y el historial pasan a la nueva tarjeta; {old} deja de funcionar.</translation>
    </message>
    <message>
        <source>Replacing a card moves its balance: a manager must enter their PIN.</source>
        <translation>Sustituir una tarjeta traspasa su saldo: un encargado debe introducir su PIN.</translation>
    </message>
    <message>
        <source>{old} was replaced by {new}; {balance} moved.</source>
        <translation>{old} se ha sustituido por {new}; se han traspasado {balance}.</translation>
    </message>
    <message>
        <source>Reactivate card</source>
        <translation>Reactivar tarjeta</translation>
    </message>
    <message>
        <source>Suspend card</source>
        <translation>Suspender tarjeta</translation>
    </message>
    <message>
        <source>Why? (kept in the audit log; a manager&apos;s PIN is asked next)</source>
        <translation>¿Por qué? (queda en el registro de auditoría; después se pide el PIN de un encargado)</translation>
    </message>
    <message>
        <source>A manager must enter their PIN to allow this.</source>
        <translation>Un encargado debe introducir su PIN para permitirlo.</translation>
    </message>
    <message>
        <source>{number} is active again.</source>
        <translation>{number} vuelve a estar activa.</translation>
    </message>
    <message>
        <source>{number} is suspended: it earns and spends nothing until reactivated.</source>
        <translation>{number} está suspendida: no gana ni gasta puntos hasta que se reactive.</translation>
    </message>
    <message>
        <source>Customer details saved.</source>
        <translation>Datos del cliente guardados.</translation>
    </message>
    <message>
        <source>Export the customer&apos;s data</source>
        <translation>Exportar los datos del cliente</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>Archivos JSON (*.json)</translation>
    </message>
    <message>
        <source>A customer&apos;s data leaves the till: a manager must enter their PIN.</source>
        <translation>Los datos de un cliente salen de la caja: un encargado debe introducir su PIN.</translation>
    </message>
    <message>
        <source>The customer&apos;s data ({records}) saved to {path}.</source>
        <translation>Datos del cliente ({records}) guardados en {path}.</translation>
    </message>
    <message>
        <source>record</source>
        <translation>registro</translation>
    </message>
    <message>
        <source>records</source>
        <translation>registros</translation>
    </message>
    <message>
        <source>The customer is forgotten: now {name}; {cards} suspended, their points kept.</source>
        <translation>Cliente olvidado: ahora {name}; {cards} suspendidas, sus puntos se conservan.</translation>
    </message>
    <message>
        <source>card</source>
        <translation>tarjeta</translation>
    </message>
    <message>
        <source>cards</source>
        <translation>tarjetas</translation>
    </message>
</context>
<context>
    <name>CardsModel</name>
    <message>
        <source>Number</source>
        <translation>Número</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Saldo</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Correo</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Lote</translation>
    </message>
    <message>
        <source>unassigned</source>
        <translation>sin asignar</translation>
    </message>
    <message>
        <source>active</source>
        <translation>activa</translation>
    </message>
    <message>
        <source>suspended</source>
        <translation>suspendida</translation>
    </message>
    <message>
        <source>replaced</source>
        <translation>sustituida</translation>
    </message>
</context>
<context>
    <name>CardsScreen</name>
    <message>
        <source>Search: card number, phone, email or name (Ctrl+F)</source>
        <translation>Buscar: número de tarjeta, teléfono, correo o nombre (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search cards</source>
        <translation>Buscar tarjetas</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Todos los estados</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Activa</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Sin asignar</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>Suspendida</translation>
    </message>
    <message>
        <source>Replaced</source>
        <translation>Sustituida</translation>
    </message>
    <message>
        <source>Filter by status (Ctrl+L)</source>
        <translation>Filtrar por estado (Ctrl+L)</translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>Más recientes primero</translation>
    </message>
    <message>
        <source>Oldest first</source>
        <translation>Más antiguas primero</translation>
    </message>
    <message>
        <source>Number ↑</source>
        <translation>Número ↑</translation>
    </message>
    <message>
        <source>Number ↓</source>
        <translation>Número ↓</translation>
    </message>
    <message>
        <source>Order of the list</source>
        <translation>Orden de la lista</translation>
    </message>
    <message>
        <source>card</source>
        <translation>tarjeta</translation>
    </message>
    <message>
        <source>cards</source>
        <translation>tarjetas</translation>
    </message>
    <message>
        <source>more than {count} cards</source>
        <translation>más de {count} tarjetas</translation>
    </message>
</context>
<context>
    <name>CheckoutScreen</name>
    <message>
        <source>Scan a card or a product — or type a phone, email or name, then Enter</source>
        <translation>Escanee una tarjeta o un producto — o escriba un teléfono, correo o nombre y pulse Intro</translation>
    </message>
    <message>
        <source>Scan or search</source>
        <translation>Escanear o buscar</translation>
    </message>
    <message>
        <source>New sale</source>
        <translation>Nueva venta</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Correo</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Tarjeta</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Saldo</translation>
    </message>
    <message>
        <source>No card scanned</source>
        <translation>Sin tarjeta</translation>
    </message>
    <message>
        <source>Enrol a customer on this card</source>
        <translation>Dar de alta con esta tarjeta</translation>
    </message>
    <message>
        <source>Record an action… (F7)</source>
        <translation>Registrar una acción… (F7)</translation>
    </message>
    <message>
        <source>A review, a social share…: points for the customer</source>
        <translation>Una reseña, compartir en redes…: puntos para el cliente</translation>
    </message>
    <message>
        <source>Rewards (Alt+number)</source>
        <translation>Premios (Alt+número)</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Tecla</translation>
    </message>
    <message>
        <source>Reward: cost → what it gives</source>
        <translation>Premio: coste → lo que da</translation>
    </message>
    <message>
        <source>Points to use:</source>
        <translation>Puntos a usar:</translation>
    </message>
    <message>
        <source>Points to use</source>
        <translation>Puntos a usar</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>Puntos</translation>
    </message>
    <message>
        <source>Earns</source>
        <translation>Gana</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Pedido</translation>
    </message>
    <message>
        <source>SKU (F3)</source>
        <translation>Ref. (F3)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Collection</source>
        <translation>Colección</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Cantidad</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Precio</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>Precio unitario</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Añadir</translation>
    </message>
    <message>
        <source>Add the line (Enter)</source>
        <translation>Añadir la línea (Intro)</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>Ref.</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Cant.</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>no lines</source>
        <translation>sin líneas</translation>
    </message>
    <message>
        <source>Order &amp;total (F4):</source>
        <translation>&amp;Total del pedido (F4):</translation>
    </message>
    <message>
        <source>&amp;Discount:</source>
        <translation>&amp;Descuento:</translation>
    </message>
    <message>
        <source>Ta&amp;x:</source>
        <translation>&amp;Impuestos:</translation>
    </message>
    <message>
        <source>S&amp;hipping:</source>
        <translation>&amp;Envío:</translation>
    </message>
    <message>
        <source>Totals</source>
        <translation>Totales</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>Subtotal</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>Descuento</translation>
    </message>
    <message>
        <source>Rewards</source>
        <translation>Premios</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>Impuestos</translation>
    </message>
    <message>
        <source>Shipping</source>
        <translation>Envío</translation>
    </message>
    <message>
        <source>Points spent</source>
        <translation>Puntos gastados</translation>
    </message>
    <message>
        <source>Balance after</source>
        <translation>Saldo final</translation>
    </message>
    <message>
        <source>Commit sale — F12</source>
        <translation>Cobrar — F12</translation>
    </message>
    <message>
        <source>Total to pay</source>
        <translation>Total a pagar</translation>
    </message>
    <message>
        <source>{carts} from the POS waiting: the next opens when this sale is committed or cleared (Ctrl+N).</source>
        <translation>{carts} del TPV en espera: el siguiente se abre al cobrar o borrar esta venta (Ctrl+N).</translation>
    </message>
    <message>
        <source>cart</source>
        <translation>carrito</translation>
    </message>
    <message>
        <source>carts</source>
        <translation>carritos</translation>
    </message>
    <message>
        <source>line</source>
        <translation>línea</translation>
    </message>
    <message>
        <source>lines</source>
        <translation>líneas</translation>
    </message>
    <message>
        <source>a total</source>
        <translation>un total</translation>
    </message>
    <message>
        <source>Cart from {sender} ({what}, order {order}): scan the card, apply rewards, F12 commits.</source>
        <translation>Carrito de {sender} ({what}, pedido {order}): escanee la tarjeta, aplique premios, F12 cobra.</translation>
    </message>
    <message>
        <source>A sale is being committed right now.</source>
        <translation>Se está cobrando una venta en este momento.</translation>
    </message>
    <message>
        <source>card {number}</source>
        <translation>tarjeta {number}</translation>
    </message>
    <message>
        <source>a total of {total}</source>
        <translation>un total de {total}</translation>
    </message>
    <message>
        <source>A sale is in progress ({what}) and not committed.</source>
        <translation>Hay una venta en curso ({what}) sin cobrar.</translation>
    </message>
    <message>
        <source>no card</source>
        <translation>sin tarjeta</translation>
    </message>
    <message>
        <source>No card or customer matches “{text}”.</source>
        <translation>Ninguna tarjeta ni cliente coincide con «{text}».</translation>
    </message>
    <message>
        <source>{name} has no card yet: give them one on the Enrol screen.</source>
        <translation>{name} aún no tiene tarjeta: entréguele una en la pantalla de Alta de cliente.</translation>
    </message>
    <message>
        <source>Card {number} has not been given to a customer yet.</source>
        <translation>La tarjeta {number} aún no se ha entregado a ningún cliente.</translation>
    </message>
    <message>
        <source>Enrol a customer on card {number}</source>
        <translation>Dar de alta a un cliente con la tarjeta {number}</translation>
    </message>
    <message>
        <source>Card {old} was replaced by {new}: ask for the new card.</source>
        <translation>La tarjeta {old} se sustituyó por {new}: pida la tarjeta nueva.</translation>
    </message>
    <message>
        <source>Scan the customer&apos;s card first, then F7 records an action for them.</source>
        <translation>Escanee primero la tarjeta del cliente; después F7 registra una acción para él.</translation>
    </message>
    <message>
        <source>Sales without a card earn no points.</source>
        <translation>Las ventas sin tarjeta no ganan puntos.</translation>
    </message>
    <message>
        <source>active</source>
        <translation>activa</translation>
    </message>
    <message>
        <source>SUSPENDED — earns and spends nothing</source>
        <translation>SUSPENDIDA — no gana ni gasta puntos</translation>
    </message>
    <message>
        <source>no customer</source>
        <translation>sin cliente</translation>
    </message>
    <message>
        <source>Card {number}</source>
        <translation>Tarjeta {number}</translation>
    </message>
    <message>
        <source>Tier: {tier}</source>
        <translation>Nivel: {tier}</translation>
    </message>
    <message>
        <source>No tier</source>
        <translation>Sin nivel</translation>
    </message>
    <message>
        <source>{points} expire by {date}</source>
        <translation>{points} caducan el {date}</translation>
    </message>
    <message>
        <source>unit price: is required</source>
        <translation>precio unitario: es obligatorio</translation>
    </message>
    <message>
        <source>unit price: {problem}</source>
        <translation>precio unitario: {problem}</translation>
    </message>
    <message>
        <source>name: is required</source>
        <translation>nombre: es obligatorio</translation>
    </message>
    <message>
        <source>price: is required</source>
        <translation>precio: es obligatorio</translation>
    </message>
    <message>
        <source>price: {problem}</source>
        <translation>precio: {problem}</translation>
    </message>
    <message>
        <source>{name} — reward</source>
        <translation>{name} — premio</translation>
    </message>
    <message>
        <source>free</source>
        <translation>gratis</translation>
    </message>
    <message>
        <source>{name}: {reason}</source>
        <translation>{name}: {reason}</translation>
    </message>
    <message>
        <source>1 point → {rate} off</source>
        <translation>1 punto → {rate} de descuento</translation>
    </message>
    <message>
        <source> (up to {money} now)</source>
        <translation> (hasta {money} ahora)</translation>
    </message>
    <message>
        <source>, from {points}</source>
        <translation>, desde {points}</translation>
    </message>
    <message>
        <source>the order</source>
        <translation>el pedido</translation>
    </message>
    <message>
        <source>shipping</source>
        <translation>envío</translation>
    </message>
    <message>
        <source>{value} off {target}</source>
        <translation>{value} de descuento en {target}</translation>
    </message>
    <message>
        <source> (at most {cap})</source>
        <translation> (como máximo {cap})</translation>
    </message>
    <message>
        <source>free {product}</source>
        <translation>{product} gratis</translation>
    </message>
    <message>
        <source>{product} instead of {sku}</source>
        <translation>{product} en lugar de {sku}</translation>
    </message>
    <message>
        <source>{money} off</source>
        <translation>{money} de descuento</translation>
    </message>
    <message>
        <source>not in the active rules</source>
        <translation>no está en las reglas activas</translation>
    </message>
    <message>
        <source>expired on {date}</source>
        <translation>caducó el {date}</translation>
    </message>
    <message>
        <source>coupon → free</source>
        <translation>cupón → gratis</translation>
    </message>
    <message>
        <source>coupon → free, until {date}</source>
        <translation>cupón → gratis, hasta el {date}</translation>
    </message>
    <message>
        <source>Coupon {code}: {name}</source>
        <translation>Cupón {code}: {name}</translation>
    </message>
    <message>
        <source>{coupon} (the card holds more)</source>
        <translation>{coupon} (la tarjeta tiene más)</translation>
    </message>
    <message>
        <source>coupon</source>
        <translation>cupón</translation>
    </message>
    <message>
        <source>Taken off {reward}: {message}</source>
        <translation>Retirado {reward}: {message}</translation>
    </message>
    <message>
        <source>{amount} has more decimals than {currency} allows ({places})</source>
        <translation>{amount} tiene más decimales de los que admite {currency} ({places})</translation>
    </message>
    <message>
        <source>line {n} ({sku})</source>
        <translation>línea {n} ({sku})</translation>
    </message>
    <message>
        <source>line {n}</source>
        <translation>línea {n}</translation>
    </message>
    <message>
        <source>Add lines (F3) or an order total (F4).</source>
        <translation>Añada líneas (F3) o un total del pedido (F4).</translation>
    </message>
    <message>
        <source> (free)</source>
        <translation> (gratis)</translation>
    </message>
    <message>
        <source>The points are added when the order is fulfilled.</source>
        <translation>Los puntos se suman cuando se entrega el pedido.</translation>
    </message>
    <message>
        <source>Scan a card to earn points.</source>
        <translation>Escanee una tarjeta para ganar puntos.</translation>
    </message>
    <message>
        <source>Nothing to commit: add lines (F3) or an order total (F4).</source>
        <translation>Nada que cobrar: añada líneas (F3) o un total del pedido (F4).</translation>
    </message>
    <message>
        <source>Discount larger than the order</source>
        <translation>Descuento mayor que el pedido</translation>
    </message>
    <message>
        <source>The discount {discount} is larger than the order ({subtotal}). Commit the sale with it?</source>
        <translation>El descuento {discount} es mayor que el pedido ({subtotal}). ¿Cobrar la venta así?</translation>
    </message>
    <message>
        <source>Committing…</source>
        <translation>Cobrando…</translation>
    </message>
    <message>
        <source>The database is busy — press F12 to try again. Nothing was charged yet.</source>
        <translation>La base de datos está ocupada — pulse F12 para reintentar. Aún no se ha cobrado nada.</translation>
    </message>
    <message>
        <source>The sale did not go through ({error}). Press F12 to try again: it will not be charged twice.</source>
        <translation>La venta no se ha completado ({error}). Pulse F12 para reintentar: no se cobrará dos veces.</translation>
    </message>
    <message>
        <source>Order {order} was already committed; nothing changed.</source>
        <translation>El pedido {order} ya estaba cobrado; no ha cambiado nada.</translation>
    </message>
    <message>
        <source>Order {order} committed: {total}. No card, no points.</source>
        <translation>Pedido {order} cobrado: {total}. Sin tarjeta, sin puntos.</translation>
    </message>
    <message>
        <source>Order {order} committed: {total}. Earned {earned}, spent {spent}. New balance: {balance}.</source>
        <translation>Pedido {order} cobrado: {total}. Ganados {earned}, gastados {spent}. Nuevo saldo: {balance}.</translation>
    </message>
    <message>
        <source>{points} will be added when the order is fulfilled.</source>
        <translation>Se sumarán {points} cuando se entregue el pedido.</translation>
    </message>
    <message>
        <source>Unlocked: {what}.</source>
        <translation>Desbloqueado: {what}.</translation>
    </message>
    <message>
        <source>{name}: reached, nothing issued ({reason}).</source>
        <translation>{name}: alcanzado, no se emite nada ({reason}).</translation>
    </message>
    <message>
        <source>coupon {code}</source>
        <translation>cupón {code}</translation>
    </message>
    <message>
        <source>{name}: {what} issued — e-mail queued.</source>
        <translation>{name}: {what} emitido — correo en cola.</translation>
    </message>
</context>
<context>
    <name>CouponPanel</name>
    <message>
        <source>Coupons</source>
        <translation>Cupones</translation>
    </message>
    <message>
        <source>Issue coupon…</source>
        <translation>Emitir cupón…</translation>
    </message>
    <message>
        <source>Void…</source>
        <translation>Anular…</translation>
    </message>
    <message>
        <source>Take back the selected coupon</source>
        <translation>Retirar el cupón seleccionado</translation>
    </message>
    <message>
        <source>Print slip…</source>
        <translation>Imprimir ticket…</translation>
    </message>
    <message>
        <source>The selected coupon on an 80 mm slip with its barcode, to hand to the customer</source>
        <translation>El cupón seleccionado en un ticket de 80 mm con su código de barras, para entregar al cliente</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Código</translation>
    </message>
    <message>
        <source>Reward</source>
        <translation>Premio</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Caduca</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Origen</translation>
    </message>
    <message>
        <source>The {count} newest coupons; pos-loyalty coupons list {number} lists them all.</source>
        <translation>Los {count} cupones más recientes; pos-loyalty coupons list {number} los muestra todos.</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nunca</translation>
    </message>
    <message>
        <source>milestone</source>
        <translation>hito</translation>
    </message>
    <message>
        <source>manager</source>
        <translation>encargado</translation>
    </message>
    <message>
        <source>used on order {order}</source>
        <translation>usado en el pedido {order}</translation>
    </message>
    <message>
        <source>void by {who}: {reason}</source>
        <translation>anulado por {who}: {reason}</translation>
    </message>
    <message>
        <source>expired on {date}</source>
        <translation>caducó el {date}</translation>
    </message>
    <message>
        <source>issued</source>
        <translation>emitido</translation>
    </message>
    <message>
        <source>Coupon {code} for {reward} issued by {who}.</source>
        <translation>Cupón {code} de {reward} emitido por {who}.</translation>
    </message>
    <message>
        <source>Save the coupon slip as PDF</source>
        <translation>Guardar el ticket del cupón como PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Archivos PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Slip of coupon {code} saved to {path}.</source>
        <translation>Ticket del cupón {code} guardado en {path}.</translation>
    </message>
    <message>
        <source>Void coupon {code}</source>
        <translation>Anular el cupón {code}</translation>
    </message>
    <message>
        <source>Why? (kept in the audit log; a manager&apos;s PIN is asked next)</source>
        <translation>¿Por qué? (queda en el registro de auditoría; después se pide el PIN de un encargado)</translation>
    </message>
    <message>
        <source>Voiding a coupon needs a manager&apos;s PIN.</source>
        <translation>Anular un cupón requiere el PIN de un encargado.</translation>
    </message>
    <message>
        <source>Coupon {code} is void.</source>
        <translation>El cupón {code} está anulado.</translation>
    </message>
</context>
<context>
    <name>CustomerDialog</name>
    <message>
        <source>Edit customer</source>
        <translation>Editar cliente</translation>
    </message>
    <message>
        <source>Agrees to receive offers</source>
        <translation>Acepta recibir ofertas</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>&amp;Teléfono:</translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation>&amp;Correo:</translation>
    </message>
</context>
<context>
    <name>CustomerDisplay</name>
    <message>
        <source>Customer display</source>
        <translation>Pantalla del cliente</translation>
    </message>
    <message>
        <source>Hello, {name}</source>
        <translation>Hola, {name}</translation>
    </message>
    <message>
        <source>Hello</source>
        <translation>Hola</translation>
    </message>
    <message>
        <source>Your balance: {points}</source>
        <translation>Su saldo: {points}</translation>
    </message>
    <message>
        <source>This order earns {points}</source>
        <translation>Este pedido gana {points}</translation>
    </message>
    <message>
        <source>Total: {total}</source>
        <translation>Total: {total}</translation>
    </message>
    <message>
        <source>Your balance: {points} → {after} after this order</source>
        <translation>Su saldo: {points} → {after} tras este pedido</translation>
    </message>
    <message>
        <source>Rewards you can take now</source>
        <translation>Premios que puede canjear ahora</translation>
    </message>
    <message>
        <source>Thank you!</source>
        <translation>¡Gracias!</translation>
    </message>
    <message>
        <source>Welcome to {store}</source>
        <translation>Bienvenido a {store}</translation>
    </message>
    <message>
        <source>Show your loyalty card to earn points</source>
        <translation>Muestre su tarjeta de fidelidad para ganar puntos</translation>
    </message>
</context>
<context>
    <name>EmailSettingsBox</name>
    <message>
        <source>E-mail to customers</source>
        <translation>Correo a los clientes</translation>
    </message>
    <message>
        <source>smtp.example.com (empty: no e-mail is sent)</source>
        <translation>smtp.example.com (vacío: no se envía correo)</translation>
    </message>
    <message>
        <source>STARTTLS</source>
        <translation>STARTTLS</translation>
    </message>
    <message>
        <source>SSL/TLS</source>
        <translation>SSL/TLS</translation>
    </message>
    <message>
        <source>None (local relay only)</source>
        <translation>Ninguna (solo relé local)</translation>
    </message>
    <message>
        <source>leave empty to keep the stored one</source>
        <translation>déjelo vacío para mantener la guardada</translation>
    </message>
    <message>
        <source>Save e-mail settings</source>
        <translation>Guardar ajustes de correo</translation>
    </message>
    <message>
        <source>Send waiting e-mails now</source>
        <translation>Enviar ahora los correos en espera</translation>
    </message>
    <message>
        <source>Mail server:</source>
        <translation>Servidor de correo:</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Puerto:</translation>
    </message>
    <message>
        <source>Security:</source>
        <translation>Seguridad:</translation>
    </message>
    <message>
        <source>Server user:</source>
        <translation>Usuario del servidor:</translation>
    </message>
    <message>
        <source>Sender address:</source>
        <translation>Dirección del remitente:</translation>
    </message>
    <message>
        <source>Server password:</source>
        <translation>Contraseña del servidor:</translation>
    </message>
    <message>
        <source>{pending} waiting, {sent} sent, {doubt} in doubt, {failed} failed, {blocked} blocked</source>
        <translation>{pending} en espera, {sent} enviados, {doubt} dudosos, {failed} fallidos, {blocked} bloqueados</translation>
    </message>
    <message>
        <source>Nothing to save.</source>
        <translation>No hay nada que guardar.</translation>
    </message>
    <message>
        <source>Changing the e-mail settings needs a manager&apos;s PIN.</source>
        <translation>Cambiar los ajustes de correo requiere el PIN de un encargado.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Guardado.</translation>
    </message>
</context>
<context>
    <name>EnrolScreen</name>
    <message>
        <source>Enrol a new customer</source>
        <translation>Alta de un cliente nuevo</translation>
    </message>
    <message>
        <source>A name, and a phone number or an email address. Then give a new card or scan a pre-printed one.</source>
        <translation>Un nombre y un teléfono o un correo. Después entregue una tarjeta nueva o escanee una preimpresa.</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>e.g. Ann Smith</source>
        <translation>p. ej. Ana García</translation>
    </message>
    <message>
        <source>e.g. +44 7700 900123</source>
        <translation>p. ej. +34 612 345 678</translation>
    </message>
    <message>
        <source>e.g. ann@example.com</source>
        <translation>p. ej. ana@ejemplo.es</translation>
    </message>
    <message>
        <source>Agrees to receive &amp;offers</source>
        <translation>Acepta recibir &amp;ofertas</translation>
    </message>
    <message>
        <source>optional, MM-DD, e.g. 04-23</source>
        <translation>opcional, MM-DD, p. ej. 04-23</translation>
    </message>
    <message>
        <source>The customer&apos;s birthday (month and day; a year typed is not kept): birthday points, if the store gives them</source>
        <translation>El cumpleaños del cliente (mes y día; el año no se guarda): puntos de cumpleaños, si la tienda los da</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>&amp;Teléfono:</translation>
    </message>
    <message>
        <source>E&amp;mail:</source>
        <translation>Corr&amp;eo:</translation>
    </message>
    <message>
        <source>&amp;Birthday:</source>
        <translation>C&amp;umpleaños:</translation>
    </message>
    <message>
        <source>Marketing:</source>
        <translation>Publicidad:</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Tarjeta</translation>
    </message>
    <message>
        <source>Ne&amp;w card (a number is created now)</source>
        <translation>Tarjeta nue&amp;va (el número se crea ahora)</translation>
    </message>
    <message>
        <source>Pre-p&amp;rinted card (scan it below)</source>
        <translation>Tarjeta pre&amp;impresa (escanéela abajo)</translation>
    </message>
    <message>
        <source>scan the card&apos;s barcode</source>
        <translation>escanee el código de barras de la tarjeta</translation>
    </message>
    <message>
        <source>A barcode scanner types the number and Enter, which enrols the customer</source>
        <translation>El lector de códigos escribe el número y pulsa Intro, lo que da de alta al cliente</translation>
    </message>
    <message>
        <source>Card:</source>
        <translation>Tarjeta:</translation>
    </message>
    <message>
        <source>Card n&amp;umber:</source>
        <translation>Nú&amp;mero de tarjeta:</translation>
    </message>
    <message>
        <source>Enrol</source>
        <translation>Alta de cliente</translation>
    </message>
    <message>
        <source>Enrol the customer and give the card</source>
        <translation>Dar de alta al cliente y entregar la tarjeta</translation>
    </message>
    <message>
        <source>scan the pre-printed card, or choose a new card</source>
        <translation>escanee la tarjeta preimpresa o elija una tarjeta nueva</translation>
    </message>
    <message>
        <source>the pre-printed card</source>
        <translation>la tarjeta preimpresa</translation>
    </message>
    <message>
        <source>a new card</source>
        <translation>una tarjeta nueva</translation>
    </message>
    <message>
        <source>{name} is enrolled with {given}:</source>
        <translation>{name} dado de alta con {given}:</translation>
    </message>
    <message>
        <source>✓ {number} is a new card, ready to give</source>
        <translation>✓ {number} es una tarjeta nueva, lista para entregar</translation>
    </message>
</context>
<context>
    <name>ExceptionsModel</name>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Qué</translation>
    </message>
    <message>
        <source>Card / customer / coupon</source>
        <translation>Tarjeta / cliente / cupón</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Saldo</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Pedidos</translation>
    </message>
    <message>
        <source>Till</source>
        <translation>Caja</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Resuelto</translation>
    </message>
    <message>
        <source>Card overdrawn</source>
        <translation>Tarjeta en negativo</translation>
    </message>
    <message>
        <source>Card number issued twice</source>
        <translation>Número de tarjeta emitido dos veces</translation>
    </message>
    <message>
        <source>Customer enrolled twice</source>
        <translation>Cliente dado de alta dos veces</translation>
    </message>
    <message>
        <source>Coupon used twice</source>
        <translation>Cupón usado dos veces</translation>
    </message>
    <message>
        <source>Reward given twice</source>
        <translation>Premio dado dos veces</translation>
    </message>
    <message>
        <source>Trigger bonus given twice</source>
        <translation>Bonificación de disparador dada dos veces</translation>
    </message>
    <message>
        <source>{time} by {name}: {note}</source>
        <translation>{time} por {name}: {note}</translation>
    </message>
</context>
<context>
    <name>ForgetDialog</name>
    <message>
        <source>Forget customer</source>
        <translation>Olvidar cliente</translation>
    </message>
    <message>
        <source>{name}&apos;s name, phone, e-mail and birthday are erased for good from every record of this store, and from the texts that quote them. Their orders and points stay, anonymous, so the accounts add up; their cards are suspended. E-mails not yet sent to them are never sent.

This cannot be undone.</source>
        <translation>El nombre, teléfono, correo y cumpleaños de {name} se borran para siempre de todos los registros de esta tienda y de los textos que los citan. Sus pedidos y puntos se quedan, anónimos, para que las cuentas cuadren; sus tarjetas se suspenden. Los correos aún no enviados no se enviarán nunca.

No se puede deshacer.</translation>
    </message>
    <message>
        <source>Why (required), e.g. request by e-mail of 2 May</source>
        <translation>Motivo (obligatorio), p. ej. solicitud por correo del 2 de mayo</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Motivo:</translation>
    </message>
    <message>
        <source>Type &amp;their name to confirm:</source>
        <translation>Escriba su &amp;nombre para confirmar:</translation>
    </message>
    <message>
        <source>Forget for good…</source>
        <translation>Olvidar para siempre…</translation>
    </message>
    <message>
        <source>type the customer&apos;s name exactly as shown</source>
        <translation>escriba el nombre del cliente tal como aparece</translation>
    </message>
    <message>
        <source>Forgetting {name} cannot be undone: a manager must enter their PIN.</source>
        <translation>Olvidar a {name} no se puede deshacer: un encargado debe introducir su PIN.</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Tarjeta</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Qué</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>Puntos</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Pedido</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Por</translation>
    </message>
    <message>
        <source>earned</source>
        <translation>ganados</translation>
    </message>
    <message>
        <source>spent</source>
        <translation>gastados</translation>
    </message>
    <message>
        <source>reversed</source>
        <translation>anulados</translation>
    </message>
    <message>
        <source>returned</source>
        <translation>devueltos</translation>
    </message>
    <message>
        <source>adjustment</source>
        <translation>ajuste</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>caducados</translation>
    </message>
    <message>
        <source>transfer</source>
        <translation>traspaso</translation>
    </message>
    <message>
        <source>action</source>
        <translation>acción</translation>
    </message>
    <message>
        <source>milestone</source>
        <translation>hito</translation>
    </message>
    <message>
        <source>campaign</source>
        <translation>campaña</translation>
    </message>
    <message>
        <source>opening balance</source>
        <translation>saldo inicial</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import customers</source>
        <translation>Importar clientes</translation>
    </message>
    <message>
        <source>Customers, the cards they carry and their balances from {file}. The file is checked first; nothing is imported until every row is right, and then all of it at once. While the import writes, sales at other tills wait: import a large programme when the tills are quiet.</source>
        <translation>Clientes, las tarjetas que llevan y sus saldos desde {file}. Primero se comprueba el archivo; no se importa nada hasta que todas las filas estén bien, y entonces todo a la vez. Mientras se importa, las ventas de las demás cajas esperan: importe un programa grande cuando las cajas estén tranquilas.</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Línea</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Columna</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problema</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>Volver a comprobar</translation>
    </message>
    <message>
        <source>Read and check the file again, after fixing it (F5)</source>
        <translation>Leer y comprobar de nuevo el archivo, tras corregirlo (F5)</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importar</translation>
    </message>
    <message>
        <source>Import every row, all at once (Ctrl+Return)</source>
        <translation>Importar todas las filas a la vez (Ctrl+Intro)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Stop: nothing is imported (Esc)</source>
        <translation>Parar: no se importa nada (Esc)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Checking {file}…</source>
        <translation>Comprobando {file}…</translation>
    </message>
    <message>
        <source>Importing {file}…</source>
        <translation>Importando {file}…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>Leyendo</translation>
    </message>
    <message>
        <source>Checking</source>
        <translation>Comprobando</translation>
    </message>
    <message>
        <source>Writing</source>
        <translation>Escribiendo</translation>
    </message>
    <message>
        <source>{customers}, {cards} and {points} in {balances}</source>
        <translation>{customers}, {cards} y {points} en {balances}</translation>
    </message>
    <message>
        <source>new customer</source>
        <translation>cliente nuevo</translation>
    </message>
    <message>
        <source>new customers</source>
        <translation>clientes nuevos</translation>
    </message>
    <message>
        <source>card</source>
        <translation>tarjeta</translation>
    </message>
    <message>
        <source>cards</source>
        <translation>tarjetas</translation>
    </message>
    <message>
        <source>opening balance</source>
        <translation>saldo inicial</translation>
    </message>
    <message>
        <source>opening balances</source>
        <translation>saldos iniciales</translation>
    </message>
    <message>
        <source> {rows} imported before are left as they are.</source>
        <translation> {rows} importadas antes se quedan como están.</translation>
    </message>
    <message>
        <source>row</source>
        <translation>fila</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>filas</translation>
    </message>
    <message>
        <source>{bad} in {rows}: fix them in the file, then check again. Nothing is imported while a row is wrong.</source>
        <translation>{bad} de {rows}: corríjalas en el archivo y vuelva a comprobar. No se importa nada mientras haya una fila mal.</translation>
    </message>
    <message>
        <source>bad row</source>
        <translation>fila errónea</translation>
    </message>
    <message>
        <source>bad rows</source>
        <translation>filas erróneas</translation>
    </message>
    <message>
        <source>Nothing new to import: every row was imported before.</source>
        <translation>Nada nuevo que importar: todas las filas se importaron antes.</translation>
    </message>
    <message>
        <source>{rows}, no bad rows. Import adds {what}.</source>
        <translation>{rows}, ninguna errónea. Importar añade {what}.</translation>
    </message>
    <message>
        <source>Imported {what} (batch “{batch}”).</source>
        <translation>Importado: {what} (lote «{batch}»).</translation>
    </message>
    <message>
        <source>Nothing new to import.</source>
        <translation>Nada nuevo que importar.</translation>
    </message>
    <message>
        <source>Cancelled: nothing was imported.</source>
        <translation>Cancelado: no se ha importado nada.</translation>
    </message>
    <message>
        <source>The file could not be imported: {error}</source>
        <translation>No se ha podido importar el archivo: {error}</translation>
    </message>
</context>
<context>
    <name>IssueCouponDialog</name>
    <message>
        <source>Issue a coupon</source>
        <translation>Emitir un cupón</translation>
    </message>
    <message>
        <source>Card {number}: the customer takes the reward once, at a later checkout, for no points.</source>
        <translation>Tarjeta {number}: el cliente obtiene el premio una vez, en una compra posterior, sin gastar puntos.</translation>
    </message>
    <message>
        <source>Why (required), e.g. sorry for the wait</source>
        <translation>Motivo (obligatorio), p. ej. disculpas por la espera</translation>
    </message>
    <message>
        <source>YYYY-MM-DD, or empty: never expires</source>
        <translation>AAAA-MM-DD, o vacío: no caduca</translation>
    </message>
    <message>
        <source>Re&amp;ward:</source>
        <translation>&amp;Premio:</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Motivo:</translation>
    </message>
    <message>
        <source>&amp;Last day:</source>
        <translation>Último &amp;día:</translation>
    </message>
    <message>
        <source>Issue…</source>
        <translation>Emitir…</translation>
    </message>
    <message>
        <source>The active rules have no discount or product reward to give.</source>
        <translation>Las reglas activas no tienen ningún descuento ni producto de premio que dar.</translation>
    </message>
    <message>
        <source>Issuing a coupon needs a manager&apos;s PIN.</source>
        <translation>Emitir un cupón requiere el PIN de un encargado.</translation>
    </message>
</context>
<context>
    <name>LocalApi</name>
    <message>
        <source>Local API off: {reason}</source>
        <translation>API local apagada: {reason}</translation>
    </message>
    <message>
        <source>Local API off</source>
        <translation>API local apagada</translation>
    </message>
    <message>
        <source>Local API on {url}</source>
        <translation>API local activa en {url}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>POS Loyalty</source>
        <translation>POS Loyalty</translation>
    </message>
    <message>
        <source>Checkout</source>
        <translation>Caja</translation>
    </message>
    <message>
        <source>Enrol</source>
        <translation>Alta de cliente</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Devolución</translation>
    </message>
    <message>
        <source>Cards</source>
        <translation>Tarjetas</translation>
    </message>
    <message>
        <source>Bulk create</source>
        <translation>Crear en lote</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>Reglas</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Ajustes</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>Campañas</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sincronización</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Informes</translation>
    </message>
    <message>
        <source>Leave this screen?</source>
        <translation>¿Salir de esta pantalla?</translation>
    </message>
    <message>
        <source>Leave it unfinished? It stays on the {screen} screen until you come back.</source>
        <translation>¿Dejarlo sin terminar? Se queda en la pantalla {screen} hasta que vuelva.</translation>
    </message>
    <message>
        <source>A cart from the POS waits on the checkout (Ctrl+1).</source>
        <translation>Un carrito del TPV espera en la caja (Ctrl+1).</translation>
    </message>
    <message>
        <source>Enrolled: {name}, card {number}. Ready to sell.</source>
        <translation>Alta hecha: {name}, tarjeta {number}. Listo para vender.</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sincronizar ahora</translation>
    </message>
    <message>
        <source>Signed in: {name}</source>
        <translation>Sesión: {name}</translation>
    </message>
    <message>
        <source>No rules active</source>
        <translation>Sin reglas activas</translation>
    </message>
    <message>
        <source>Rules: {name} {version}, synced {synced}</source>
        <translation>Reglas: {name} {version}, sincr. {synced}</translation>
    </message>
    <message>
        <source> — next: {version} from {moment}</source>
        <translation> — próx.: {version} desde {moment}</translation>
    </message>
    <message>
        <source>Rules: {name} {version}</source>
        <translation>Reglas: {name} {version}</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Dónde</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Teclas</translation>
    </message>
    <message>
        <source>What it does</source>
        <translation>Qué hace</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Close POS Loyalty?</source>
        <translation>¿Cerrar POS Loyalty?</translation>
    </message>
    <message>
        <source>Close anyway? What is not committed is lost.</source>
        <translation>¿Cerrar de todos modos? Lo que no esté cobrado se pierde.</translation>
    </message>
</context>
<context>
    <name>ManualLineDialog</name>
    <message>
        <source>Unknown barcode</source>
        <translation>Código de barras desconocido</translation>
    </message>
    <message>
        <source>{code} is not in the catalogue. Sell it as a line of its own:</source>
        <translation>{code} no está en el catálogo. Véndalo como una línea aparte:</translation>
    </message>
    <message>
        <source>&amp;SKU:</source>
        <translation>&amp;Ref.:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <source>&amp;Collection:</source>
        <translation>&amp;Colección:</translation>
    </message>
    <message>
        <source>&amp;Price:</source>
        <translation>&amp;Precio:</translation>
    </message>
    <message>
        <source>&amp;Add line (Enter)</source>
        <translation>&amp;Añadir línea (Intro)</translation>
    </message>
</context>
<context>
    <name>MilestonePanel</name>
    <message>
        <source>Milestones</source>
        <translation>Hitos</translation>
    </message>
    <message>
        <source>(managers only: never shown to customers)</source>
        <translation>(solo encargados: nunca se muestra a los clientes)</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <source>Manager PIN</source>
        <translation>PIN de encargado</translation>
    </message>
    <message>
        <source>A manager must enter their PIN to allow this.</source>
        <translation>Un encargado debe introducir su PIN para permitirlo.</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Allow</source>
        <translation>Permitir</translation>
    </message>
</context>
<context>
    <name>PrintDialog</name>
    <message>
        <source>Render preview</source>
        <translation>Generar vista previa</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>Guardar como PDF…</translation>
    </message>
    <message>
        <source>Save the cards as a PDF file (Ctrl+S)</source>
        <translation>Guardar las tarjetas en un archivo PDF (Ctrl+S)</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Imprimir…</translation>
    </message>
    <message>
        <source>Send the cards to a printer (Ctrl+P)</source>
        <translation>Enviar las tarjetas a una impresora (Ctrl+P)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>%p%</source>
        <translation>%p %</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Layout:</source>
        <translation>Formato:</translation>
    </message>
    <message>
        <source>Page:</source>
        <translation>Página:</translation>
    </message>
    <message>
        <source>Print batch {name} ({count})</source>
        <translation>Imprimir lote {name} ({count})</translation>
    </message>
    <message>
        <source>card</source>
        <translation>tarjeta</translation>
    </message>
    <message>
        <source>cards</source>
        <translation>tarjetas</translation>
    </message>
    <message>
        <source>Reprint card {number}</source>
        <translation>Reimprimir tarjeta {number}</translation>
    </message>
    <message>
        <source>Print {count}</source>
        <translation>Imprimir {count}</translation>
    </message>
    <message>
        <source>Unexpected error: {error}</source>
        <translation>Error inesperado: {error}</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelado</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fallido</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message>
        <source>Rendering {count}…</source>
        <translation>Generando {count}…</translation>
    </message>
    <message>
        <source>cannot show the PDF: {error}</source>
        <translation>no se puede mostrar el PDF: {error}</translation>
    </message>
    <message>
        <source>{cards} on {pages}</source>
        <translation>{cards} en {pages}</translation>
    </message>
    <message>
        <source>page</source>
        <translation>página</translation>
    </message>
    <message>
        <source>pages</source>
        <translation>páginas</translation>
    </message>
    <message>
        <source>Save cards as PDF</source>
        <translation>Guardar tarjetas como PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Archivos PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>Guardado {path}</translation>
    </message>
    <message>
        <source>Saving {count}…</source>
        <translation>Guardando {count}…</translation>
    </message>
    <message>
        <source>Cards</source>
        <translation>Tarjetas</translation>
    </message>
    <message>
        <source>Print cards</source>
        <translation>Imprimir tarjetas</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>Imprimiendo…</translation>
    </message>
    <message>
        <source>Sent {pages} to {printer}</source>
        <translation>Enviadas {pages} a {printer}</translation>
    </message>
    <message>
        <source>of {count}</source>
        <translation>de {count}</translation>
    </message>
</context>
<context>
    <name>PrinterSettingsBox</name>
    <message>
        <source>Receipt printer</source>
        <translation>Impresora de tickets</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Ninguna</translation>
    </message>
    <message>
        <source>Network (host:port)</source>
        <translation>Red (host:puerto)</translation>
    </message>
    <message>
        <source>USB (vendor:product ids)</source>
        <translation>USB (ids fabricante:producto)</translation>
    </message>
    <message>
        <source>Device file (/dev/usb/lp0)</source>
        <translation>Archivo de dispositivo (/dev/usb/lp0)</translation>
    </message>
    <message>
        <source>Characters a line: 42 or 48 on 80 mm paper, 32 on 58 mm</source>
        <translation>Caracteres por línea: 42 o 48 en papel de 80 mm, 32 en 58 mm</translation>
    </message>
    <message>
        <source>Print the loyalty slip after every sale with a card</source>
        <translation>Imprimir el ticket de fidelidad tras cada venta con tarjeta</translation>
    </message>
    <message>
        <source>Save printer settings</source>
        <translation>Guardar ajustes de impresora</translation>
    </message>
    <message>
        <source>Printer:</source>
        <translation>Impresora:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Dirección:</translation>
    </message>
    <message>
        <source>Characters a line:</source>
        <translation>Caracteres por línea:</translation>
    </message>
    <message>
        <source>Nothing to save.</source>
        <translation>No hay nada que guardar.</translation>
    </message>
    <message>
        <source>Changing the receipt printer needs a manager&apos;s PIN.</source>
        <translation>Cambiar la impresora de tickets requiere el PIN de un encargado.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Guardado.</translation>
    </message>
</context>
<context>
    <name>RefundScreen</name>
    <message>
        <source>paid</source>
        <translation>pagado</translation>
    </message>
    <message>
        <source>partly refunded</source>
        <translation>devuelto en parte</translation>
    </message>
    <message>
        <source>refunded</source>
        <translation>devuelto</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>anulado</translation>
    </message>
    <message>
        <source>refund all</source>
        <translation>devolver todo</translation>
    </message>
    <message>
        <source>by lines</source>
        <translation>por líneas</translation>
    </message>
    <message>
        <source>cancellation</source>
        <translation>anulación</translation>
    </message>
    <message>
        <source>&amp;Order (F2):</source>
        <translation>&amp;Pedido (F2):</translation>
    </message>
    <message>
        <source>Order id from the receipt, or a card number — then Enter</source>
        <translation>N.º de pedido del tique o número de tarjeta — y pulse Intro</translation>
    </message>
    <message>
        <source>Order id or card number</source>
        <translation>N.º de pedido o de tarjeta</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Buscar</translation>
    </message>
    <message>
        <source>Find the order, or the card&apos;s orders (Enter)</source>
        <translation>Buscar el pedido o los pedidos de la tarjeta (Intro)</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Borrar</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Pedido</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Artículos</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Earned</source>
        <translation>Ganados</translation>
    </message>
    <message>
        <source>Spent</source>
        <translation>Gastados</translation>
    </message>
    <message>
        <source>No order</source>
        <translation>Ningún pedido</translation>
    </message>
    <message>
        <source>What to refund — quantities: F3</source>
        <translation>Qué devolver — cantidades: F3</translation>
    </message>
    <message>
        <source>By lines — F5</source>
        <translation>Por líneas — F5</translation>
    </message>
    <message>
        <source>Refund all — F6</source>
        <translation>Devolver todo — F6</translation>
    </message>
    <message>
        <source>Cancel order — F7</source>
        <translation>Anular pedido — F7</translation>
    </message>
    <message>
        <source>Refund the quantities picked below</source>
        <translation>Devolver las cantidades elegidas abajo</translation>
    </message>
    <message>
        <source>Refund everything not refunded yet</source>
        <translation>Devolver todo lo que aún no se ha devuelto</translation>
    </message>
    <message>
        <source>Cancel the whole order (before anything was refunded)</source>
        <translation>Anular el pedido entero (antes de devolver nada)</translation>
    </message>
    <message>
        <source>#</source>
        <translation>N.º</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>Ref.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Cant.</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Precio</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>Devuelto</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Devolución</translation>
    </message>
    <message>
        <source>Earlier refunds of this order</source>
        <translation>Devoluciones anteriores de este pedido</translation>
    </message>
    <message>
        <source>What will be reversed</source>
        <translation>Qué se va a revertir</translation>
    </message>
    <message>
        <source>Money to give back</source>
        <translation>Dinero a devolver</translation>
    </message>
    <message>
        <source>Points reversed</source>
        <translation>Puntos revertidos</translation>
    </message>
    <message>
        <source>Points given back</source>
        <translation>Puntos reintegrados</translation>
    </message>
    <message>
        <source>Balance now</source>
        <translation>Saldo actual</translation>
    </message>
    <message>
        <source>Balance after</source>
        <translation>Saldo final</translation>
    </message>
    <message>
        <source>Confirm refund — F12</source>
        <translation>Confirmar devolución — F12</translation>
    </message>
    <message>
        <source>Make the refund shown above</source>
        <translation>Hacer la devolución mostrada arriba</translation>
    </message>
    <message>
        <source>Card {number} has no orders.</source>
        <translation>La tarjeta {number} no tiene pedidos.</translation>
    </message>
    <message>
        <source>Recent orders of card {number} — ↓ and Enter to pick</source>
        <translation>Pedidos recientes de la tarjeta {number} — ↓ e Intro para elegir</translation>
    </message>
    <message>
        <source>Pick the order in the list above (↓, then Enter).</source>
        <translation>Elija el pedido en la lista de arriba (↓ y después Intro).</translation>
    </message>
    <message>
        <source>Scan or type the order id from the receipt (F2).</source>
        <translation>Escanee o escriba el n.º de pedido del tique (F2).</translation>
    </message>
    <message>
        <source>Order {order}</source>
        <translation>Pedido {order}</translation>
    </message>
    <message>
        <source>no customer</source>
        <translation>sin cliente</translation>
    </message>
    <message>
        <source>{name} · card {number} · balance {balance} points</source>
        <translation>{name} · tarjeta {number} · saldo {balance} puntos</translation>
    </message>
    <message>
        <source>Sold without a card: no points to reverse.</source>
        <translation>Vendido sin tarjeta: no hay puntos que revertir.</translation>
    </message>
    <message>
        <source>Total {total}</source>
        <translation>Total {total}</translation>
    </message>
    <message>
        <source>refunded so far {amount}</source>
        <translation>devuelto hasta ahora {amount}</translation>
    </message>
    <message>
        <source>Earned {earned} · spent {spent}</source>
        <translation>Ganados {earned} · gastados {spent}</translation>
    </message>
    <message>
        <source>(not added yet: waiting for fulfilment)</source>
        <translation>(aún no sumados: pendiente de entrega)</translation>
    </message>
    <message>
        <source>{name} — free with reward {reward}</source>
        <translation>{name} — gratis con el premio {reward}</translation>
    </message>
    <message>
        <source>free</source>
        <translation>gratis</translation>
    </message>
    <message>
        <source>A free line of a reward: it goes with the order, not on its own</source>
        <translation>Una línea gratis de un premio: va con el pedido, no por separado</translation>
    </message>
    <message>
        <source>Quantity of {sku} to refund</source>
        <translation>Cantidad de {sku} a devolver</translation>
    </message>
    <message>
        <source>0 to {most} (↑ ↓ or type)</source>
        <translation>de 0 a {most} (↑ ↓ o escriba)</translation>
    </message>
    <message>
        <source>{when} · {kind} · {amount} · {reversed} / {returned} points · {user} · {refund}</source>
        <translation>{when} · {kind} · {amount} · {reversed} / {returned} puntos · {user} · {refund}</translation>
    </message>
    <message>
        <source>⚑ balance went below zero</source>
        <translation>⚑ el saldo quedó en negativo</translation>
    </message>
    <message>
        <source>Line {position} ({sku}): {message}</source>
        <translation>Línea {position} ({sku}): {message}</translation>
    </message>
    <message>
        <source>Find an order first: F2, then scan or type its id.</source>
        <translation>Busque primero un pedido: F2, y escanee o escriba su número.</translation>
    </message>
    <message>
        <source>This order is {status}: nothing is left to refund.</source>
        <translation>Este pedido está {status}: no queda nada por devolver.</translation>
    </message>
    <message>
        <source>Pick the quantities to refund (F3), or choose Refund all (F6) or Cancel order (F7).</source>
        <translation>Elija las cantidades a devolver (F3), o Devolver todo (F6) o Anular pedido (F7).</translation>
    </message>
    <message>
        <source>{rule}: {points}</source>
        <translation>{rule}: {points}</translation>
    </message>
    <message>
        <source>no card</source>
        <translation>sin tarjeta</translation>
    </message>
    <message>
        <source>Nothing of the order is left after this: it becomes {status}.</source>
        <translation>Después de esto no queda nada del pedido: pasa a {status}.</translation>
    </message>
    <message>
        <source>The {points} it spent are given back.</source>
        <translation>Se reintegran los {points} que gastó.</translation>
    </message>
    <message>
        <source>The rest of the order stays; its points are reversed in proportion.</source>
        <translation>El resto del pedido se mantiene; sus puntos se revierten en proporción.</translation>
    </message>
    <message>
        <source>The {points} it spent come back only when the whole order is refunded.</source>
        <translation>Los {points} que gastó solo se reintegran al devolver el pedido entero.</translation>
    </message>
    <message>
        <source>Sold without a card: no points change.</source>
        <translation>Vendido sin tarjeta: los puntos no cambian.</translation>
    </message>
    <message>
        <source>Its points were never added (waiting for fulfilment): nothing is taken from the balance.</source>
        <translation>Sus puntos nunca se sumaron (pendiente de entrega): no se resta nada del saldo.</translation>
    </message>
    <message>
        <source>The balance will go below zero: the refund is made and flagged for the manager.</source>
        <translation>El saldo quedará en negativo: la devolución se hace y se señala al encargado.</translation>
    </message>
    <message>
        <source>A refund is being made right now.</source>
        <translation>Se está haciendo una devolución en este momento.</translation>
    </message>
    <message>
        <source>A refund of order {order} is picked and not confirmed.</source>
        <translation>Hay una devolución del pedido {order} elegida y sin confirmar.</translation>
    </message>
    <message>
        <source>Nothing to refund: find an order and pick what to refund.</source>
        <translation>Nada que devolver: busque un pedido y elija qué devolver.</translation>
    </message>
    <message>
        <source>A refund above {limit} needs a manager&apos;s PIN.</source>
        <translation>Una devolución de más de {limit} requiere el PIN de un encargado.</translation>
    </message>
    <message>
        <source>Not refunded: a manager must allow a refund of this amount.</source>
        <translation>No devuelto: un encargado debe autorizar una devolución de este importe.</translation>
    </message>
    <message>
        <source>Refunding…</source>
        <translation>Devolviendo…</translation>
    </message>
    <message>
        <source>The database is busy — press F12 to try again. Nothing was refunded yet.</source>
        <translation>La base de datos está ocupada — pulse F12 para reintentar. Aún no se ha devuelto nada.</translation>
    </message>
    <message>
        <source>The refund did not go through ({error}). Press F12 to try again: it will not refund twice.</source>
        <translation>La devolución no se ha completado ({error}). Pulse F12 para reintentar: no se devolverá dos veces.</translation>
    </message>
    <message>
        <source>Refund {refund} done: give back {amount}.</source>
        <translation>Devolución {refund} hecha: devuelva {amount}.</translation>
    </message>
    <message>
        <source>{reversed} reversed, {returned} given back. New balance: {balance}.</source>
        <translation>{reversed} revertidos, {returned} reintegrados. Nuevo saldo: {balance}.</translation>
    </message>
    <message>
        <source>(It had already gone through: nothing was done twice.)</source>
        <translation>(Ya se había hecho: no se ha repetido nada.)</translation>
    </message>
    <message>
        <source>The balance is now {balance} — below zero. The refund is flagged for the manager.</source>
        <translation>El saldo es ahora {balance} — en negativo. La devolución queda señalada para el encargado.</translation>
    </message>
</context>
<context>
    <name>ReportChart</name>
    <message>
        <source>{title} (the first {count})</source>
        <translation>{title} (las primeras {count})</translation>
    </message>
</context>
<context>
    <name>ReportsScreen</name>
    <message>
        <source>Reports</source>
        <translation>Informes</translation>
    </message>
    <message>
        <source>Reports are for managers. A manager&apos;s PIN opens them until someone else signs in.</source>
        <translation>Los informes son para encargados. El PIN de un encargado los abre hasta que otra persona inicie sesión.</translation>
    </message>
    <message>
        <source>Open with a manager&apos;s PIN…</source>
        <translation>Abrir con el PIN de un encargado…</translation>
    </message>
    <message>
        <source>First day of the report</source>
        <translation>Primer día del informe</translation>
    </message>
    <message>
        <source>Last day of the report (included)</source>
        <translation>Último día del informe (incluido)</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>&amp;Del</translation>
    </message>
    <message>
        <source>&amp;to</source>
        <translation>&amp;al</translation>
    </message>
    <message>
        <source>A range ending today</source>
        <translation>Un periodo que acaba hoy</translation>
    </message>
    <message>
        <source>Chosen dates</source>
        <translation>Fechas elegidas</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Últimos 7 días</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Últimos 30 días</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>Este mes</translation>
    </message>
    <message>
        <source>Last 365 days</source>
        <translation>Últimos 365 días</translation>
    </message>
    <message>
        <source>Group the time series by day, week (from Monday) or month</source>
        <translation>Agrupar la serie temporal por día, semana (desde el lunes) o mes</translation>
    </message>
    <message>
        <source>By day</source>
        <translation>Por día</translation>
    </message>
    <message>
        <source>By week</source>
        <translation>Por semana</translation>
    </message>
    <message>
        <source>By month</source>
        <translation>Por mes</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Mostrar</translation>
    </message>
    <message>
        <source>Read the report again</source>
        <translation>Volver a leer el informe</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>Tienda</translation>
    </message>
    <message>
        <source>Till</source>
        <translation>Caja</translation>
    </message>
    <message>
        <source>Export table…</source>
        <translation>Exportar tabla…</translation>
    </message>
    <message>
        <source>Save the table on show as CSV</source>
        <translation>Guardar la tabla mostrada en CSV</translation>
    </message>
    <message>
        <source>Save chart as PNG…</source>
        <translation>Guardar gráfico…</translation>
    </message>
    <message>
        <source>Save the chart on show as a PNG picture</source>
        <translation>Guardar el gráfico mostrado como imagen PNG</translation>
    </message>
    <message>
        <source>Enrolments</source>
        <translation>Altas</translation>
    </message>
    <message>
        <source>New customers per day, week or month.</source>
        <translation>Clientes nuevos por día, semana o mes.</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>Puntos</translation>
    </message>
    <message>
        <source>Points issued (orders, actions, milestones, triggers), redeemed, returned by refunds, expired, reversed and adjusted per period; the points outstanding now and their money value at the highest conversion factor of the active rules&apos; points rewards (none: no value); points expiring within 30, 60 and 90 days.</source>
        <translation>Puntos emitidos (pedidos, acciones, hitos, disparadores), canjeados, devueltos por devoluciones, caducados, revertidos y ajustados por periodo; los puntos pendientes ahora y su valor en dinero al mayor factor de conversión de los premios de puntos de las reglas activas (ninguno: sin valor); puntos que caducan en 30, 60 y 90 días.</translation>
    </message>
    <message>
        <source>Rewards</source>
        <translation>Premios</translation>
    </message>
    <message>
        <source>Redemptions, points and money given away per reward, most popular first; the redemption rate: customers who took a reward on an order in the range ÷ customers who placed an order with their card in the range.</source>
        <translation>Canjes, puntos y dinero regalados por premio, los más populares primero; la tasa de canje: clientes que canjearon un premio en un pedido del periodo ÷ clientes que hicieron un pedido con su tarjeta en el periodo.</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>Clientes</translation>
    </message>
    <message>
        <source>New customers (enrolled in the range), active (placed an order with their card in the range), lapsed (had ordered, but not in the last N days up to the range&apos;s end; N is --lapsed-days, 90 by default), enrolments per period, and what the programme gave: milestone steps, actions and trigger firings in the range, by status.</source>
        <translation>Clientes nuevos (dados de alta en el periodo), activos (hicieron un pedido con su tarjeta en el periodo), inactivos (habían comprado, pero no en los últimos N días hasta el final del periodo; N es --lapsed-days, 90 por defecto), altas por periodo, y lo que dio el programa: pasos de hitos, acciones y disparadores en el periodo, por estado.</translation>
    </message>
    <message>
        <source>Tiers and top customers</source>
        <translation>Niveles y mejores clientes</translation>
    </message>
    <message>
        <source>How many customers are in each tier at the range&apos;s end (by the active rules&apos; tiers, over each tier&apos;s period), and the customers who spent most (net of refunds) and earned most points (orders and actions) in the range. Covers every till.</source>
        <translation>Cuántos clientes hay en cada nivel al final del periodo (según los niveles de las reglas activas, en el periodo de cada nivel), y los clientes que más gastaron (descontadas devoluciones) y más puntos ganaron (pedidos y acciones) en el periodo. Incluye todas las cajas.</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Pedidos</translation>
    </message>
    <message>
        <source>Orders with a loyalty card and without, the average basket (order total) of each, and refunds (count and amount, by the refund&apos;s day) per period.</source>
        <translation>Pedidos con tarjeta de fidelidad y sin ella, la cesta media (total del pedido) de cada uno, y las devoluciones (número e importe, por el día de la devolución) por periodo.</translation>
    </message>
    <message>
        <source>Reports are for managers: a manager must enter their PIN.</source>
        <translation>Los informes son para encargados: un encargado debe introducir su PIN.</translation>
    </message>
    <message>
        <source>All stores</source>
        <translation>Todas las tiendas</translation>
    </message>
    <message>
        <source>All tills</source>
        <translation>Todas las cajas</translation>
    </message>
    <message>
        <source>Reading the report…</source>
        <translation>Leyendo el informe…</translation>
    </message>
    <message>
        <source>The report could not be read: {error}</source>
        <translation>No se ha podido leer el informe: {error}</translation>
    </message>
    <message>
        <source>{title}: {description} {start} to {end}.</source>
        <translation>{title}: {description} del {start} al {end}.</translation>
    </message>
    <message>
        <source>Read {moment}.</source>
        <translation>Leído {moment}.</translation>
    </message>
    <message>
        <source>Export the table as CSV</source>
        <translation>Exportar la tabla en CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <source>{count} of “{table}” saved to {path}</source>
        <translation>{count} de «{table}» guardadas en {path}</translation>
    </message>
    <message>
        <source>row</source>
        <translation>fila</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>filas</translation>
    </message>
    <message>
        <source>Save the chart as PNG</source>
        <translation>Guardar el gráfico como PNG</translation>
    </message>
    <message>
        <source>PNG pictures (*.png)</source>
        <translation>Imágenes PNG (*.png)</translation>
    </message>
    <message>
        <source>png: {path} could not be written</source>
        <translation>png: no se ha podido escribir {path}</translation>
    </message>
    <message>
        <source>Chart “{table}” saved to {path}</source>
        <translation>Gráfico «{table}» guardado en {path}</translation>
    </message>
</context>
<context>
    <name>RulesScreen</name>
    <message>
        <source>Import bundle…</source>
        <translation>Importar paquete…</translation>
    </message>
    <message>
        <source>Import a rules bundle from a file</source>
        <translation>Importar un paquete de reglas desde un archivo</translation>
    </message>
    <message>
        <source>Version:</source>
        <translation>Versión:</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>Origen:</translation>
    </message>
    <message>
        <source>Synced:</source>
        <translation>Sincronizado:</translation>
    </message>
    <message>
        <source>Checksum:</source>
        <translation>Suma de control:</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Dónde</translation>
    </message>
    <message>
        <source>What is wrong</source>
        <translation>Qué está mal</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>Versiones</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Versión</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>In force from</source>
        <translation>En vigor desde</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>Publicada</translation>
    </message>
    <message>
        <source>Synced</source>
        <translation>Sincronizada</translation>
    </message>
    <message>
        <source>The active programme</source>
        <translation>El programa activo</translation>
    </message>
    <message>
        <source>No rules are active</source>
        <translation>No hay reglas activas</translation>
    </message>
    <message>
        <source>active</source>
        <translation>activa</translation>
    </message>
    <message>
        <source>scheduled</source>
        <translation>programada</translation>
    </message>
    <message>
        <source>retired</source>
        <translation>retirada</translation>
    </message>
    <message>
        <source>{moment} by {name}</source>
        <translation>{moment} por {name}</translation>
    </message>
    <message>
        <source>Import a rules bundle</source>
        <translation>Importar un paquete de reglas</translation>
    </message>
    <message>
        <source>Rules bundles (*.json);;All files (*)</source>
        <translation>Paquetes de reglas (*.json);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Import an empty programme?</source>
        <translation>¿Importar un programa vacío?</translation>
    </message>
    <message>
        <source>This bundle has no earning rules and no rewards: customers would earn and spend nothing. Import it anyway?</source>
        <translation>Este paquete no tiene reglas para ganar puntos ni premios: los clientes no ganarían ni gastarían nada. ¿Importarlo de todos modos?</translation>
    </message>
    <message>
        <source>Not imported: the bundle has no earning rules and no rewards.</source>
        <translation>No importado: el paquete no tiene reglas para ganar puntos ni premios.</translation>
    </message>
    <message>
        <source>New rules change what every sale earns: a manager must enter their PIN.</source>
        <translation>Las reglas nuevas cambian lo que gana cada venta: un encargado debe introducir su PIN.</translation>
    </message>
    <message>
        <source>Not imported: no manager allowed it. The rules shown are still active.</source>
        <translation>No importado: ningún encargado lo ha autorizado. Las reglas mostradas siguen activas.</translation>
    </message>
    <message>
        <source>The bundle was rejected: 1 problem, listed below. The rules shown are still active.</source>
        <translation>Paquete rechazado: 1 problema, indicado abajo. Las reglas mostradas siguen activas.</translation>
    </message>
    <message>
        <source>The bundle was rejected: {count} problems, listed below. The rules shown are still active.</source>
        <translation>Paquete rechazado: {count} problemas, indicados abajo. Las reglas mostradas siguen activas.</translation>
    </message>
    <message>
        <source>Version {version} is now active.</source>
        <translation>La versión {version} está activa.</translation>
    </message>
    <message>
        <source>Version {version} is already active; nothing changed.</source>
        <translation>La versión {version} ya estaba activa; no ha cambiado nada.</translation>
    </message>
</context>
<context>
    <name>SettingsScreen</name>
    <message>
        <source>Database</source>
        <translation>Base de datos</translation>
    </message>
    <message>
        <source>To use another database, start the app with --db PATH (a SQLite file or a postgresql:// URL) or set the POS_LOYALTY_DB environment variable.</source>
        <translation>Para usar otra base de datos, inicie la aplicación con --db RUTA (un archivo SQLite o una URL postgresql://) o defina la variable de entorno POS_LOYALTY_DB.</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>Tienda</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
    <message>
        <source>The computer&apos;s language</source>
        <translation>El idioma del ordenador</translation>
    </message>
    <message>
        <source>Printed under the store&apos;s name on every card; empty: the default in the app&apos;s language</source>
        <translation>Se imprime bajo el nombre de la tienda en cada tarjeta; vacío: el texto por defecto en el idioma de la aplicación</translation>
    </message>
    <message>
        <source>Save store details</source>
        <translation>Guardar datos de la tienda</translation>
    </message>
    <message>
        <source>Store &amp;name:</source>
        <translation>&amp;Nombre de la tienda:</translation>
    </message>
    <message>
        <source>Logo file:</source>
        <translation>Archivo del logotipo:</translation>
    </message>
    <message>
        <source>Currency:</source>
        <translation>Moneda:</translation>
    </message>
    <message>
        <source>Countr&amp;y of phone numbers:</source>
        <translation>Paí&amp;s de los teléfonos:</translation>
    </message>
    <message>
        <source>Largest order &amp;total:</source>
        <translation>&amp;Total máximo de un pedido:</translation>
    </message>
    <message>
        <source>Largest &amp;quantity on a line:</source>
        <translation>&amp;Cantidad máxima en una línea:</translation>
    </message>
    <message>
        <source>Most points for one or&amp;der:</source>
        <translation>Má&amp;ximo de puntos por pedido:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>Idio&amp;ma:</translation>
    </message>
    <message>
        <source>Card ta&amp;gline:</source>
        <translation>&amp;Lema de la tarjeta:</translation>
    </message>
    <message>
        <source>Two letters (GB, FR, US…): numbers typed without +country code are read as this country&apos;s</source>
        <translation>Dos letras (ES, FR, GB…): los números escritos sin +prefijo se leen como de este país</translation>
    </message>
    <message>
        <source>Change a PIN</source>
        <translation>Cambiar un PIN</translation>
    </message>
    <message>
        <source>Change PIN</source>
        <translation>Cambiar PIN</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;Usuario:</translation>
    </message>
    <message>
        <source>&amp;Current PIN:</source>
        <translation>PIN &amp;actual:</translation>
    </message>
    <message>
        <source>New P&amp;IN:</source>
        <translation>Nuevo P&amp;IN:</translation>
    </message>
    <message>
        <source>New PIN &amp;again:</source>
        <translation>Repita el PIN nue&amp;vo:</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Usuarios</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Función</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Activa</translation>
    </message>
    <message>
        <source>Wrong PINs</source>
        <translation>PIN erróneos</translation>
    </message>
    <message>
        <source>Deactivate / activate…</source>
        <translation>Desactivar / activar…</translation>
    </message>
    <message>
        <source>Make manager / cashier…</source>
        <translation>Hacer encargado / cajero…</translation>
    </message>
    <message>
        <source>Unlock…</source>
        <translation>Desbloquear…</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>Cajero</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Encargado</translation>
    </message>
    <message>
        <source>Add user…</source>
        <translation>Añadir usuario…</translation>
    </message>
    <message>
        <source>Na&amp;me:</source>
        <translation>Nom&amp;bre:</translation>
    </message>
    <message>
        <source>R&amp;ole:</source>
        <translation>&amp;Función:</translation>
    </message>
    <message>
        <source>Their &amp;PIN:</source>
        <translation>Su &amp;PIN:</translation>
    </message>
    <message>
        <source>Refunds needing a manager, above:</source>
        <translation>Devoluciones que requieren encargado, a partir de:</translation>
    </message>
    <message>
        <source>Ask for the PIN again after (idle minutes):</source>
        <translation>Volver a pedir el PIN tras (minutos inactiva):</translation>
    </message>
    <message>
        <source>Shortest cashier PIN (digits):</source>
        <translation>PIN mínimo de cajero (dígitos):</translation>
    </message>
    <message>
        <source>Shortest manager PIN (digits):</source>
        <translation>PIN mínimo de encargado (dígitos):</translation>
    </message>
    <message>
        <source>Wrong PINs before a lockout:</source>
        <translation>PIN erróneos antes del bloqueo:</translation>
    </message>
    <message>
        <source>Lockout (minutes):</source>
        <translation>Bloqueo (minutos):</translation>
    </message>
    <message>
        <source>Location: {where}</source>
        <translation>Ubicación: {where}</translation>
    </message>
    <message>
        <source>not open</source>
        <translation>no abierta</translation>
    </message>
    <message>
        <source>{currency} (set by the rules bundle)</source>
        <translation>{currency} (la fija el paquete de reglas)</translation>
    </message>
    <message>
        <source>— (no rules active)</source>
        <translation>— (sin reglas activas)</translation>
    </message>
    <message>
        <source>Manager PINs typed without a name are locked at this till until {when} (too many wrong ones); a manager signing in reopens it.</source>
        <translation>Los PIN de encargado escritos sin nombre están bloqueados en esta caja hasta {when} (demasiados errores); un encargado que inicie sesión la desbloquea.</translation>
    </message>
    <message>
        <source>cashier</source>
        <translation>cajero</translation>
    </message>
    <message>
        <source>manager</source>
        <translation>encargado</translation>
    </message>
    <message>
        <source>locked until {when}</source>
        <translation>bloqueado hasta {when}</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Choose the store logo</source>
        <translation>Elegir el logotipo de la tienda</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.gif)</source>
        <translation>Imágenes (*.png *.jpg *.jpeg *.gif)</translation>
    </message>
    <message>
        <source>Nothing to save.</source>
        <translation>No hay nada que guardar.</translation>
    </message>
    <message>
        <source>Changing the store settings needs a manager&apos;s PIN.</source>
        <translation>Cambiar los ajustes de la tienda requiere el PIN de un encargado.</translation>
    </message>
    <message>
        <source>Saved. The new language is used from the next start of the app.</source>
        <translation>Guardado. El nuevo idioma se usará la próxima vez que se inicie la aplicación.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Guardado.</translation>
    </message>
    <message>
        <source>the two new PINs are not the same</source>
        <translation>los dos PIN nuevos no coinciden</translation>
    </message>
    <message>
        <source>The PIN of {name} was changed.</source>
        <translation>Se ha cambiado el PIN de {name}.</translation>
    </message>
    <message>
        <source>Adding a user needs a manager&apos;s PIN.</source>
        <translation>Añadir un usuario requiere el PIN de un encargado.</translation>
    </message>
    <message>
        <source>{name} was added.</source>
        <translation>Se ha añadido a {name}.</translation>
    </message>
    <message>
        <source>Select a user in the list first.</source>
        <translation>Seleccione primero un usuario en la lista.</translation>
    </message>
    <message>
        <source>{name}: done.</source>
        <translation>{name}: hecho.</translation>
    </message>
    <message>
        <source>Deactivating or activating a user needs a manager&apos;s PIN.</source>
        <translation>Desactivar o activar un usuario requiere el PIN de un encargado.</translation>
    </message>
    <message>
        <source>Changing a user&apos;s role needs a manager&apos;s PIN.</source>
        <translation>Cambiar la función de un usuario requiere el PIN de un encargado.</translation>
    </message>
    <message>
        <source>Unlocking a user needs a manager&apos;s PIN.</source>
        <translation>Desbloquear un usuario requiere el PIN de un encargado.</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>Repita el PIN</translation>
    </message>
    <message>
        <source>Welcome: create the store&apos;s manager</source>
        <translation>Bienvenido: cree el encargado de la tienda</translation>
    </message>
    <message>
        <source>No one can sign in yet. Create the store&apos;s first manager: they can then add cashiers and allow manager-only actions. A manager&apos;s PIN has at least {digits} digits.</source>
        <translation>Todavía nadie puede iniciar sesión. Cree el primer encargado de la tienda: después podrá añadir cajeros y autorizar las acciones reservadas a encargados. El PIN de un encargado tiene al menos {digits} dígitos.</translation>
    </message>
    <message>
        <source>Manager&apos;s &amp;name:</source>
        <translation>&amp;Nombre del encargado:</translation>
    </message>
    <message>
        <source>&amp;PIN:</source>
        <translation>&amp;PIN:</translation>
    </message>
    <message>
        <source>PIN &amp;again:</source>
        <translation>&amp;Repita el PIN:</translation>
    </message>
    <message>
        <source>Create and sign in</source>
        <translation>Crear e iniciar sesión</translation>
    </message>
    <message>
        <source>Locked: sign in to continue</source>
        <translation>Bloqueada: inicie sesión para continuar</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Iniciar sesión</translation>
    </message>
    <message>
        <source>The till was left idle or locked. Choose your name and type your PIN.</source>
        <translation>La caja quedó inactiva o bloqueada. Elija su nombre y escriba su PIN.</translation>
    </message>
    <message>
        <source>Choose your name and type your PIN.</source>
        <translation>Elija su nombre y escriba su PIN.</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>the two PINs are not the same</source>
        <translation>los dos PIN no coinciden</translation>
    </message>
</context>
<context>
    <name>SlipPrinter</name>
    <message>
        <source>No sale with a card yet: Ctrl+P prints the slip of the last one.</source>
        <translation>Aún no hay ventas con tarjeta: Ctrl+P imprime el ticket de la última.</translation>
    </message>
    <message>
        <source>Loyalty slip of {order} printed on the {printer}.</source>
        <translation>Ticket de fidelidad de {order} impreso en {printer}.</translation>
    </message>
    <message>
        <source>Order {order} is committed, but its loyalty slip did not print: {why}. Ctrl+P tries again.</source>
        <translation>El pedido {order} está cobrado, pero su ticket de fidelidad no se ha impreso: {why}. Ctrl+P lo reintenta.</translation>
    </message>
</context>
<context>
    <name>SyncExceptionsScreen</name>
    <message>
        <source>Sync exceptions</source>
        <translation>Incidencias de sincronización</translation>
    </message>
    <message>
        <source>Show resolved ones too</source>
        <translation>Mostrar también las resueltas</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Recargar</translation>
    </message>
    <message>
        <source>What was done:</source>
        <translation>Qué se hizo:</translation>
    </message>
    <message>
        <source>e.g. points adjusted, customers merged, customer paid the difference</source>
        <translation>p. ej. puntos ajustados, clientes fusionados, el cliente pagó la diferencia</translation>
    </message>
    <message>
        <source>What was done</source>
        <translation>Qué se hizo</translation>
    </message>
    <message>
        <source>Resolve…</source>
        <translation>Resolver…</translation>
    </message>
    <message>
        <source>Mark the selected exception settled on the hub (manager PIN)</source>
        <translation>Marcar la incidencia seleccionada como resuelta en el servidor central (PIN de encargado)</translation>
    </message>
    <message>
        <source>Merge customers…</source>
        <translation>Fusionar clientes…</translation>
    </message>
    <message>
        <source>One person enrolled twice: their cards and orders become one customer&apos;s (manager PIN)</source>
        <translation>Una persona dada de alta dos veces: sus tarjetas y pedidos pasan a un solo cliente (PIN de encargado)</translation>
    </message>
    <message>
        <source>This till is not attached to a hub: sync has nothing to report.</source>
        <translation>Esta caja no está conectada a un servidor central: la sincronización no tiene nada que mostrar.</translation>
    </message>
    <message>
        <source>{count} for a manager. Settle each (an adjustment, a merge…), then resolve it with a note.</source>
        <translation>{count} para un encargado. Solucione cada una (un ajuste, una fusión…) y resuélvala con una nota.</translation>
    </message>
    <message>
        <source>open exception</source>
        <translation>incidencia abierta</translation>
    </message>
    <message>
        <source>open exceptions</source>
        <translation>incidencias abiertas</translation>
    </message>
    <message>
        <source>No open exceptions: every till&apos;s sales merged cleanly.</source>
        <translation>Sin incidencias abiertas: las ventas de todas las cajas se han unido sin problemas.</translation>
    </message>
    <message>
        <source>A manager&apos;s PIN resolves the exception {what} — {subject}.</source>
        <translation>El PIN de un encargado resuelve la incidencia {what} — {subject}.</translation>
    </message>
    <message>
        <source>A manager&apos;s PIN merges the two customers of {subject} into one.</source>
        <translation>El PIN de un encargado fusiona los dos clientes de {subject} en uno.</translation>
    </message>
    <message>
        <source>Resolved; the other tills see it at their next sync.</source>
        <translation>Resuelta; las demás cajas lo verán en su próxima sincronización.</translation>
    </message>
    <message>
        <source>Could not resolve it: {error}</source>
        <translation>No se ha podido resolver: {error}</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <source>Not attached</source>
        <translation>Sin conectar</translation>
    </message>
    <message>
        <source>This till is not attached to a hub: it works on its own.</source>
        <translation>Esta caja no está conectada a un servidor central: funciona por su cuenta.</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Sincronizando…</translation>
    </message>
    <message>
        <source>Offline since {time}</source>
        <translation>Sin conexión desde {time}</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Sin conexión</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>En línea</translation>
    </message>
    <message>
        <source>Not synced yet</source>
        <translation>Aún sin sincronizar</translation>
    </message>
    <message>
        <source>synced {time}</source>
        <translation>sincronizado {time}</translation>
    </message>
    <message>
        <source>{count} waiting</source>
        <translation>{count} en espera</translation>
    </message>
    <message>
        <source>exception</source>
        <translation>incidencia</translation>
    </message>
    <message>
        <source>exceptions</source>
        <translation>incidencias</translation>
    </message>
    <message>
        <source>no points or coupons taken offline</source>
        <translation>sin conexión no se canjean puntos ni cupones</translation>
    </message>
    <message>
        <source>offline, spending up to the last synced balance less {points}</source>
        <translation>sin conexión, se gasta hasta el último saldo sincronizado menos {points}</translation>
    </message>
    <message>
        <source>Hub: {hub}</source>
        <translation>Servidor central: {hub}</translation>
    </message>
    <message>
        <source>Till: {till} · Store: {store}</source>
        <translation>Caja: {till} · Tienda: {store}</translation>
    </message>
    <message>
        <source>Last sync: {time}</source>
        <translation>Última sincronización: {time}</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nunca</translation>
    </message>
    <message>
        <source>Waiting to be sent: {count}</source>
        <translation>En espera de envío: {count}</translation>
    </message>
    <message>
        <source>row</source>
        <translation>fila</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>filas</translation>
    </message>
    <message>
        <source>Offline redemption: {margin}</source>
        <translation>Canje sin conexión: {margin}</translation>
    </message>
    <message>
        <source>Exceptions for a manager: {count}</source>
        <translation>Incidencias para un encargado: {count}</translation>
    </message>
    <message>
        <source>Last error: {error}</source>
        <translation>Último error: {error}</translation>
    </message>
    <message>
        <source>Click or Ctrl+Shift+Y: sync now</source>
        <translation>Clic o Ctrl+Mayús+Y: sincronizar ahora</translation>
    </message>
</context>
<context>
    <name>TriggerLogModel</name>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>Disparador</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Tarjeta</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Reward</source>
        <translation>Premio</translation>
    </message>
    <message>
        <source>Conversion</source>
        <translation>Conversión</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>pendiente</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>enviado</translation>
    </message>
    <message>
        <source>conversion</source>
        <translation>conversión</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>bloqueado</translation>
    </message>
    <message>
        <source> (taken back)</source>
        <translation> (retirado)</translation>
    </message>
    <message>
        <source>coupon {0}</source>
        <translation>cupón {0}</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>POS Loyalty</source>
        <translation>POS Loyalty</translation>
    </message>
    <message>
        <source>Something went wrong and was logged: {error}
Your last action may not have completed; nothing half-done was saved.</source>
        <translation>Algo ha fallado y se ha registrado: {error}
Puede que su última acción no se haya completado; no se ha guardado nada a medias.</translation>
    </message>
    <message>
        <source>The database cannot be opened: {error}</source>
        <translation>No se puede abrir la base de datos: {error}</translation>
    </message>
</context>
<context>
    <name>cards</name>
    <message>
        <source>LOYALTY CARD</source>
        <translation>TARJETA DE FIDELIDAD</translation>
    </message>
</context>
<context>
    <name>formats</name>
    <message>
        <source>point</source>
        <translation>punto</translation>
    </message>
    <message>
        <source>points</source>
        <translation>puntos</translation>
    </message>
</context>
<context>
    <name>history</name>
    <message>
        <source>expired {date}</source>
        <translation>caducados el {date}</translation>
    </message>
    <message>
        <source>full refund</source>
        <translation>devolución total</translation>
    </message>
    <message>
        <source>partial refund</source>
        <translation>devolución parcial</translation>
    </message>
    <message>
        <source>order cancelled</source>
        <translation>pedido cancelado</translation>
    </message>
    <message>
        <source>{rule} — taken back: a refund took the customer below {requirement}</source>
        <translation>{rule} — retirado: una devolución dejó al cliente por debajo de {requirement}</translation>
    </message>
    <message>
        <source>rewards</source>
        <translation>recompensas</translation>
    </message>
    <message>
        <source>points spent given back</source>
        <translation>puntos gastados devueltos</translation>
    </message>
    <message>
        <source>{rule}: a refund took the customer below the step</source>
        <translation>{rule}: una devolución dejó al cliente por debajo del escalón</translation>
    </message>
    <message>
        <source>{name}: taken back</source>
        <translation>{name}: retirado</translation>
    </message>
</context>
<context>
    <name>language</name>
    <message>
        <source>English</source>
        <translation>Español</translation>
    </message>
</context>
<context>
    <name>programme</name>
    <message>
        <source>order</source>
        <translation>pedido</translation>
    </message>
    <message>
        <source>orders</source>
        <translation>pedidos</translation>
    </message>
    <message>
        <source>point earned</source>
        <translation>punto ganado</translation>
    </message>
    <message>
        <source>points earned</source>
        <translation>puntos ganados</translation>
    </message>
    <message>
        <source>review</source>
        <translation>reseña</translation>
    </message>
    <message>
        <source>reviews</source>
        <translation>reseñas</translation>
    </message>
    <message>
        <source>day without an order</source>
        <translation>día sin pedidos</translation>
    </message>
    <message>
        <source>days without an order</source>
        <translation>días sin pedidos</translation>
    </message>
    <message>
        <source>{amount} spent</source>
        <translation>{amount} gastados</translation>
    </message>
    <message>
        <source>{have} of {need}</source>
        <translation>{have} de {need}</translation>
    </message>
    <message>
        <source>{have} of {need} spent</source>
        <translation>{have} de {need} gastados</translation>
    </message>
    <message>
        <source>{rule}: {have} — next: {gift}</source>
        <translation>{rule}: {have} — siguiente: {gift}</translation>
    </message>
    <message>
        <source>{rule}: {amount} — every step reached</source>
        <translation>{rule}: {amount} — todos los niveles alcanzados</translation>
    </message>
    <message>
        <source>a free {product}</source>
        <translation>{product} gratis</translation>
    </message>
    <message>
        <source>{rule} — {amount}</source>
        <translation>{rule} — {amount}</translation>
    </message>
    <message>
        <source>{gift} (coupon {code})</source>
        <translation>{gift} (cupón {code})</translation>
    </message>
    <message>
        <source>Coupon {code}</source>
        <translation>Cupón {code}</translation>
    </message>
    <message>
        <source>Coupon</source>
        <translation>Cupón</translation>
    </message>
    <message>
        <source>Your coupon</source>
        <translation>Su cupón</translation>
    </message>
    <message>
        <source>for {customer}</source>
        <translation>para {customer}</translation>
    </message>
    <message>
        <source>Valid until {date}</source>
        <translation>Válido hasta el {date}</translation>
    </message>
    <message>
        <source>No expiry date</source>
        <translation>Sin fecha de caducidad</translation>
    </message>
    <message>
        <source>Show this slip at the till. One use.</source>
        <translation>Presente este ticket en caja. Un solo uso.</translation>
    </message>
    <message>
        <source>Points are counted on the order total {parts}, awarded when the order is {award_on}.</source>
        <translation>Los puntos se cuentan sobre el total del pedido ({parts}) y se abonan cuando el pedido está {award_on}.</translation>
    </message>
    <message>
        <source>after discounts</source>
        <translation>después de descuentos</translation>
    </message>
    <message>
        <source>with taxes</source>
        <translation>con impuestos</translation>
    </message>
    <message>
        <source>with shipping</source>
        <translation>con envío</translation>
    </message>
    <message>
        <source>of the items only</source>
        <translation>solo los artículos</translation>
    </message>
    <message>
        <source>paid</source>
        <translation>pagado</translation>
    </message>
    <message>
        <source>fulfilled</source>
        <translation>entregado</translation>
    </message>
    <message>
        <source>Points expire {days} after they are earned; the soonest-expiring are spent first.</source>
        <translation>Los puntos caducan {days} después de ganarse; se gastan primero los que caducan antes.</translation>
    </message>
    <message>
        <source>Points expire on {date}.</source>
        <translation>Los puntos caducan el {date}.</translation>
    </message>
    <message>
        <source>Earning:</source>
        <translation>Acumulación de puntos:</translation>
    </message>
    <message>
        <source>{name}: {what} {scope}, {frequency}{minimum}{state}</source>
        <translation>{name}: {what} {scope}, {frequency}{minimum}{state}</translation>
    </message>
    <message>
        <source>{points} per {amount} spent</source>
        <translation>{points} por cada {amount} gastados</translation>
    </message>
    <message>
        <source>{points} per order</source>
        <translation>{points} por pedido</translation>
    </message>
    <message>
        <source>on all products</source>
        <translation>en todos los productos</translation>
    </message>
    <message>
        <source>on {names}</source>
        <translation>en {names}</translation>
    </message>
    <message>
        <source>on every order</source>
        <translation>en cada pedido</translation>
    </message>
    <message>
        <source>once a day</source>
        <translation>una vez al día</translation>
    </message>
    <message>
        <source>once a week</source>
        <translation>una vez a la semana</translation>
    </message>
    <message>
        <source>once a month</source>
        <translation>una vez al mes</translation>
    </message>
    <message>
        <source>once a year</source>
        <translation>una vez al año</translation>
    </message>
    <message>
        <source>on the first order only</source>
        <translation>solo en el primer pedido</translation>
    </message>
    <message>
        <source>, orders from {amount}</source>
        <translation>, en pedidos desde {amount}</translation>
    </message>
    <message>
        <source> (switched off)</source>
        <translation> (en pausa)</translation>
    </message>
    <message>
        <source>Rewards:</source>
        <translation>Recompensas:</translation>
    </message>
    <message>
        <source>{name}: each point is worth {amount} (from {points})</source>
        <translation>{name}: cada punto vale {amount} (desde {points})</translation>
    </message>
    <message>
        <source>{name}: {points} for {value} off {target}{cap}</source>
        <translation>{name}: {points} por {value} de descuento en {target}{cap}</translation>
    </message>
    <message>
        <source>{value}%</source>
        <translation>{value} %</translation>
    </message>
    <message>
        <source>the order</source>
        <translation>el pedido</translation>
    </message>
    <message>
        <source>shipping</source>
        <translation>el envío</translation>
    </message>
    <message>
        <source>, at most {amount}</source>
        <translation>, como máximo {amount}</translation>
    </message>
    <message>
        <source>{name}: {points} for a free {product}</source>
        <translation>{name}: {points} por {product} gratis</translation>
    </message>
    <message>
        <source>{name}: {points} for {product} instead of {replaced}</source>
        <translation>{name}: {points} por {product} en lugar de {replaced}</translation>
    </message>
    <message>
        <source>Customer-reward triggers:</source>
        <translation>Recompensas automáticas para clientes:</translation>
    </message>
    <message>
        <source>{name}: at {need}{again} → {reward} and an e-mail{audience}{state}</source>
        <translation>{name}: al llegar a {need}{again} → {reward} y un correo{audience}{state}</translation>
    </message>
    <message>
        <source>any product</source>
        <translation>cualquier producto</translation>
    </message>
    <message>
        <source>{orders} with {products}</source>
        <translation>{orders} con {products}</translation>
    </message>
    <message>
        <source>{amount} spent in all</source>
        <translation>{amount} gastados en total</translation>
    </message>
    <message>
        <source>{amount} on average over at least {orders}</source>
        <translation>{amount} de media en al menos {orders}</translation>
    </message>
    <message>
        <source>{amount} in one order</source>
        <translation>{amount} en un solo pedido</translation>
    </message>
    <message>
        <source>{units} of {products}</source>
        <translation>{units} de {products}</translation>
    </message>
    <message>
        <source>, again every {orders}</source>
        <translation>, y de nuevo cada {orders}</translation>
    </message>
    <message>
        <source>a coupon for {reward}</source>
        <translation>un cupón de {reward}</translation>
    </message>
    <message>
        <source> (opted-in customers only)</source>
        <translation> (solo a clientes que aceptan publicidad)</translation>
    </message>
    <message>
        <source>Tiers:</source>
        <translation>Niveles:</translation>
    </message>
    <message>
        <source>{name}: {who}; earns ×{multiplier}</source>
        <translation>{name}: {who}; gana ×{multiplier}</translation>
    </message>
    <message>
        <source>from {need} in {days}</source>
        <translation>desde {need} en {days}</translation>
    </message>
    <message>
        <source>{first} or {second}</source>
        <translation>{first} o {second}</translation>
    </message>
    <message>
        <source>everyone</source>
        <translation>todos los clientes</translation>
    </message>
    <message>
        <source>Points for actions:</source>
        <translation>Puntos por acciones:</translation>
    </message>
    <message>
        <source>{name}: {points} {when}{cap}{state}</source>
        <translation>{name}: {points} {when}{cap}{state}</translation>
    </message>
    <message>
        <source>when the customer is enrolled</source>
        <translation>al dar de alta al cliente</translation>
    </message>
    <message>
        <source>on the birthday</source>
        <translation>el día de su cumpleaños</translation>
    </message>
    <message>
        <source>in the birthday&apos;s month</source>
        <translation>en el mes de su cumpleaños</translation>
    </message>
    <message>
        <source>recorded at the till</source>
        <translation>cada vez que se registra en caja</translation>
    </message>
    <message>
        <source>once per customer</source>
        <translation>una vez por cliente</translation>
    </message>
    <message>
        <source>at most once a day</source>
        <translation>como máximo una vez al día</translation>
    </message>
    <message>
        <source>at most once a week</source>
        <translation>como máximo una vez a la semana</translation>
    </message>
    <message>
        <source>at most once a month</source>
        <translation>como máximo una vez al mes</translation>
    </message>
    <message>
        <source>at most once a year</source>
        <translation>como máximo una vez al año</translation>
    </message>
    <message>
        <source>point</source>
        <translation>punto</translation>
    </message>
    <message>
        <source>points</source>
        <translation>puntos</translation>
    </message>
    <message>
        <source>separate order</source>
        <translation>pedido distinto</translation>
    </message>
    <message>
        <source>separate orders</source>
        <translation>pedidos distintos</translation>
    </message>
    <message>
        <source>more order</source>
        <translation>pedido más</translation>
    </message>
    <message>
        <source>more orders</source>
        <translation>pedidos más</translation>
    </message>
    <message>
        <source>unit</source>
        <translation>unidad</translation>
    </message>
    <message>
        <source>units</source>
        <translation>unidades</translation>
    </message>
    <message>
        <source>bonus point</source>
        <translation>punto extra</translation>
    </message>
    <message>
        <source>bonus points</source>
        <translation>puntos extra</translation>
    </message>
    <message>
        <source>day</source>
        <translation>día</translation>
    </message>
    <message>
        <source>days</source>
        <translation>días</translation>
    </message>
    <message>
        <source>&apos;{code}&apos; is not an ISO 4217 currency code (such as EUR, GBP, USD)</source>
        <translation>&apos;{code}&apos; no es un código de moneda ISO 4217 (como EUR, GBP, USD)</translation>
    </message>
    <message>
        <source>skus is only used with kind &apos;products&apos;, not &apos;{kind}&apos;</source>
        <translation>skus solo se usa con kind &apos;products&apos;, no con &apos;{kind}&apos;</translation>
    </message>
    <message>
        <source>collections is only used with kind &apos;collections&apos;, not &apos;{kind}&apos;</source>
        <translation>collections solo se usa con kind &apos;collections&apos;, no con &apos;{kind}&apos;</translation>
    </message>
    <message>
        <source>kind &apos;{kind}&apos; needs {needed}</source>
        <translation>kind &apos;{kind}&apos; necesita {needed}</translation>
    </message>
    <message>
        <source>{measure} is not used by kind &apos;{kind}&apos; (it needs {needed})</source>
        <translation>kind &apos;{kind}&apos; no usa {measure} (necesita {needed})</translation>
    </message>
    <message>
        <source>min_orders is only used with kind &apos;average_spent&apos;, not &apos;{kind}&apos;</source>
        <translation>min_orders solo se usa con kind &apos;average_spent&apos;, no con &apos;{kind}&apos;</translation>
    </message>
    <message>
        <source>repeat_every is only used with kind &apos;bogo&apos;, not &apos;{kind}&apos;</source>
        <translation>repeat_every solo se usa con kind &apos;bogo&apos;, no con &apos;{kind}&apos;</translation>
    </message>
    <message>
        <source>a sign_up action is given once, when the customer is enrolled: must be &apos;once&apos;, not &apos;{frequency}&apos;</source>
        <translation>una acción sign_up se da una sola vez, al dar de alta al cliente: debe ser &apos;once&apos;, no &apos;{frequency}&apos;</translation>
    </message>
    <message>
        <source>a birthday action is given once a year: must be &apos;yearly&apos;, not &apos;{frequency}&apos;</source>
        <translation>una acción birthday se da una vez al año: debe ser &apos;yearly&apos;, no &apos;{frequency}&apos;</translation>
    </message>
    <message>
        <source>is only used with kind &apos;birthday&apos;, not &apos;{kind}&apos;</source>
        <translation>solo se usa con kind &apos;birthday&apos;, no con &apos;{kind}&apos;</translation>
    </message>
    <message>
        <source>must be the number 1, got {value}</source>
        <translation>debe ser el número 1, pero es {value}</translation>
    </message>
    <message>
        <source>&apos;{ident}&apos; is already the id of {key}[{first}]; each id must be different</source>
        <translation>&apos;{ident}&apos; ya es el id de {key}[{first}]; cada id debe ser distinto</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is already the name of tiers[{first}]</source>
        <translation>&apos;{name}&apos; ya es el nombre de tiers[{first}]</translation>
    </message>
    <message>
        <source>tier {label} needs min_orders or min_spent: only the first tier may have neither</source>
        <translation>el nivel {label} necesita min_orders o min_spent: solo el primer nivel puede no tener ninguno</translation>
    </message>
    <message>
        <source>tier {label} needs {value} (orders) but {below} below it already needs {previous}: tiers are listed from the lowest, and each needs more than the ones before (thresholds strictly increase)</source>
        <translation>el nivel {label} pide {value} (pedidos), pero {below}, por debajo, ya pide {previous}: los niveles van del más bajo al más alto y cada uno pide más que los anteriores (los umbrales deben crecer)</translation>
    </message>
    <message>
        <source>tier {label} needs {value} (spend) but {below} below it already needs {previous}: tiers are listed from the lowest, and each needs more than the ones before (thresholds strictly increase)</source>
        <translation>el nivel {label} pide {value} (gasto), pero {below}, por debajo, ya pide {previous}: los niveles van del más bajo al más alto y cada uno pide más que los anteriores (los umbrales deben crecer)</translation>
    </message>
    <message>
        <source>{day} is in the past: every point would expire at once</source>
        <translation>{day} ya ha pasado: todos los puntos caducarían a la vez</translation>
    </message>
    <message>
        <source>&apos;{kind}&apos; is already the kind of actions[{first}]; only &apos;custom&apos; actions may be more than one</source>
        <translation>&apos;{kind}&apos; ya es el kind de actions[{first}]; solo puede haber varias acciones &apos;custom&apos;</translation>
    </message>
    <message>
        <source>a free product needs a product reward: &apos;{reward}&apos; is a {type} reward</source>
        <translation>un producto gratis necesita una recompensa de tipo product: &apos;{reward}&apos; es de tipo {type}</translation>
    </message>
    <message>
        <source>a free product needs a product reward: there is no reward &apos;{reward}&apos;</source>
        <translation>un producto gratis necesita una recompensa de tipo product: no existe la recompensa &apos;{reward}&apos;</translation>
    </message>
    <message>
        <source>must be a whole number for kind &apos;{kind}&apos;, got {value}</source>
        <translation>debe ser un número entero para kind &apos;{kind}&apos;, pero es {value}</translation>
    </message>
    <message>
        <source>must be higher than the previous step&apos;s {previous} (requirements strictly increase)</source>
        <translation>debe ser mayor que el del escalón anterior, {previous} (los requisitos deben crecer)</translation>
    </message>
    <message>
        <source>&apos;{reward}&apos; is not the id of a reward in this bundle</source>
        <translation>&apos;{reward}&apos; no es el id de ninguna recompensa de este paquete</translation>
    </message>
    <message>
        <source>&apos;{reward}&apos; is a points reward (money off for points); a coupon needs a discount or product reward</source>
        <translation>&apos;{reward}&apos; es una recompensa de puntos (descuento a cambio de puntos); un cupón necesita una recompensa de tipo discount o product</translation>
    </message>
    <message>
        <source>has the wrong form</source>
        <translation>no tiene la forma correcta</translation>
    </message>
    <message>
        <source>has too many digits before the point</source>
        <translation>tiene demasiadas cifras antes del punto decimal</translation>
    </message>
    <message>
        <source>has {count} items; at most {limit} are allowed</source>
        <translation>tiene {count} elementos; se admiten como máximo {limit}</translation>
    </message>
    <message>
        <source>is not a known field here (a typo?)</source>
        <translation>no es un campo conocido aquí (¿una errata?)</translation>
    </message>
    <message>
        <source>is required</source>
        <translation>es obligatorio</translation>
    </message>
    <message>
        <source>is required (it cannot be empty)</source>
        <translation>es obligatorio (no puede estar vacío)</translation>
    </message>
    <message>
        <source>may have at most {digits} digits</source>
        <translation>admite como máximo {digits} cifras</translation>
    </message>
    <message>
        <source>may have at most {places} decimals</source>
        <translation>admite como máximo {places} decimales</translation>
    </message>
    <message>
        <source>may only use letters A-Z, digits, &apos;_&apos;, &apos;.&apos; and &apos;-&apos;</source>
        <translation>solo admite letras A-Z, cifras, &apos;_&apos;, &apos;.&apos; y &apos;-&apos;</translation>
    </message>
    <message>
        <source>must be a date such as &quot;2026-12-31&quot;</source>
        <translation>debe ser una fecha como &quot;2026-12-31&quot;</translation>
    </message>
    <message>
        <source>must be a list [...]</source>
        <translation>debe ser una lista [...]</translation>
    </message>
    <message>
        <source>must be a number above {limit}</source>
        <translation>debe ser un número mayor que {limit}</translation>
    </message>
    <message>
        <source>must be a number below {limit}</source>
        <translation>debe ser un número menor que {limit}</translation>
    </message>
    <message>
        <source>must be a number of at most {limit}</source>
        <translation>debe ser un número de {limit} como máximo</translation>
    </message>
    <message>
        <source>must be a number of {limit} or more</source>
        <translation>debe ser un número de {limit} o más</translation>
    </message>
    <message>
        <source>must be a whole number</source>
        <translation>debe ser un número entero</translation>
    </message>
    <message>
        <source>must be a whole number above {limit}</source>
        <translation>debe ser un número entero mayor que {limit}</translation>
    </message>
    <message>
        <source>must be a whole number below {limit}</source>
        <translation>debe ser un número entero menor que {limit}</translation>
    </message>
    <message>
        <source>must be a whole number of at most {limit}</source>
        <translation>debe ser un número entero de {limit} como máximo</translation>
    </message>
    <message>
        <source>must be a whole number of {limit} or more</source>
        <translation>debe ser un número entero de {limit} o más</translation>
    </message>
    <message>
        <source>must be an amount such as &quot;2.50&quot;</source>
        <translation>debe ser un importe como &quot;2.50&quot;</translation>
    </message>
    <message>
        <source>must be an object {...}</source>
        <translation>debe ser un objeto {...}</translation>
    </message>
    <message>
        <source>must be at least {limit} characters</source>
        <translation>debe tener al menos {limit} caracteres</translation>
    </message>
    <message>
        <source>must be at most {limit} characters</source>
        <translation>admite como máximo {limit} caracteres</translation>
    </message>
    <message>
        <source>must be text</source>
        <translation>debe ser un texto</translation>
    </message>
    <message>
        <source>must be true or false</source>
        <translation>debe ser true o false</translation>
    </message>
    <message>
        <source>must be {expected}</source>
        <translation>debe ser {expected}</translation>
    </message>
    <message>
        <source>needs a &quot;type&quot;: &apos;points&apos;, &apos;discount&apos; or &apos;product&apos;</source>
        <translation>necesita un &quot;type&quot;: &apos;points&apos;, &apos;discount&apos; o &apos;product&apos;</translation>
    </message>
    <message>
        <source>type must be {expected}</source>
        <translation>type debe ser {expected}</translation>
    </message>
    <message>
        <source>set points_expire_after_days or points_expire_on, not both</source>
        <translation>indique points_expire_after_days o points_expire_on, no los dos</translation>
    </message>
    <message>
        <source>kind &apos;products&apos; needs at least one sku in skus</source>
        <translation>kind &apos;products&apos; necesita al menos un sku en skus</translation>
    </message>
    <message>
        <source>kind &apos;collections&apos; needs at least one name in collections</source>
        <translation>kind &apos;collections&apos; necesita al menos un nombre en collections</translation>
    </message>
    <message>
        <source>ends is before starts</source>
        <translation>ends es anterior a starts</translation>
    </message>
    <message>
        <source>mode &apos;per_amount&apos; needs per_amount (the money step)</source>
        <translation>mode &apos;per_amount&apos; necesita per_amount (el tramo de importe)</translation>
    </message>
    <message>
        <source>mode &apos;fixed&apos; does not use per_amount</source>
        <translation>mode &apos;fixed&apos; no usa per_amount</translation>
    </message>
    <message>
        <source>a percent discount cannot exceed 100</source>
        <translation>un descuento porcentual no puede pasar de 100</translation>
    </message>
    <message>
        <source>apply_to &apos;product&apos; needs sku</source>
        <translation>apply_to &apos;product&apos; necesita sku</translation>
    </message>
    <message>
        <source>sku is only used with apply_to &apos;product&apos;</source>
        <translation>sku solo se usa con apply_to &apos;product&apos;</translation>
    </message>
    <message>
        <source>mode &apos;replace&apos; needs replaces_sku</source>
        <translation>mode &apos;replace&apos; necesita replaces_sku</translation>
    </message>
    <message>
        <source>replaces_sku is only used with mode &apos;replace&apos;</source>
        <translation>replaces_sku solo se usa con mode &apos;replace&apos;</translation>
    </message>
    <message>
        <source>kind &apos;average_spent&apos; needs min_orders (2 or more), so one big first order is not an average</source>
        <translation>kind &apos;average_spent&apos; necesita min_orders (2 o más), para que un primer pedido grande no cuente como media</translation>
    </message>
    <message>
        <source>give reward_id (a coupon) or points, not both and not neither</source>
        <translation>indique reward_id (un cupón) o points, uno de los dos</translation>
    </message>
    <message>
        <source>kind &apos;bogo&apos; needs products (the SKUs whose orders are counted)</source>
        <translation>kind &apos;bogo&apos; necesita products (los SKU cuyos pedidos se cuentan)</translation>
    </message>
    <message>
        <source>coupon_valid_days is only used with a coupon reward (reward_id)</source>
        <translation>coupon_valid_days solo se usa con una recompensa en cupón (reward_id)</translation>
    </message>
    <message>
        <source>give either points or reward_id (a free product), not both and not neither</source>
        <translation>indique points o reward_id (un producto gratis), uno de los dos</translation>
    </message>
    <message>
        <source>must not contain a NUL character</source>
        <translation>no puede contener un carácter NUL</translation>
    </message>
    <message>
        <source>contains a character that is not valid text (a lone surrogate)</source>
        <translation>contiene un carácter que no es texto válido (un sustituto suelto)</translation>
    </message>
    <message>
        <source>must not contain control characters</source>
        <translation>no puede contener caracteres de control</translation>
    </message>
    <message>
        <source>this key is not valid text</source>
        <translation>esta clave no es un texto válido</translation>
    </message>
    <message>
        <source>must be a JSON object</source>
        <translation>debe ser un objeto JSON</translation>
    </message>
    <message>
        <source>, got {value}</source>
        <translation>, pero es {value}</translation>
    </message>
    <message>
        <source>{some} or {last}</source>
        <translation>{some} o {last}</translation>
    </message>
</context>
<context>
    <name>reports</name>
    <message>
        <source>Active customers</source>
        <translation>Clientes activos</translation>
    </message>
    <message>
        <source>Amount refunded</source>
        <translation>Importe devuelto</translation>
    </message>
    <message>
        <source>Average basket with a card</source>
        <translation>Cesta media con tarjeta</translation>
    </message>
    <message>
        <source>Average basket without a card</source>
        <translation>Cesta media sin tarjeta</translation>
    </message>
    <message>
        <source>Average basket without</source>
        <translation>Cesta media sin tarjeta</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Número</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Customers per tier</source>
        <translation>Clientes por nivel</translation>
    </message>
    <message>
        <source>Customers who ordered</source>
        <translation>Clientes que compraron</translation>
    </message>
    <message>
        <source>Customers who redeemed</source>
        <translation>Clientes que canjearon</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>Clientes</translation>
    </message>
    <message>
        <source>Milestones, actions and triggers</source>
        <translation>Hitos, acciones y disparadores</translation>
    </message>
    <message>
        <source>Money given away</source>
        <translation>Dinero regalado</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Net change</source>
        <translation>Variación neta</translation>
    </message>
    <message>
        <source>New customers</source>
        <translation>Clientes nuevos</translation>
    </message>
    <message>
        <source>Orders per period</source>
        <translation>Pedidos por periodo</translation>
    </message>
    <message>
        <source>Orders with a card</source>
        <translation>Pedidos con tarjeta</translation>
    </message>
    <message>
        <source>Orders without a card</source>
        <translation>Pedidos sin tarjeta</translation>
    </message>
    <message>
        <source>Orders without</source>
        <translation>Pedidos sin tarjeta</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Pedidos</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Periodo</translation>
    </message>
    <message>
        <source>Points earned</source>
        <translation>Puntos ganados</translation>
    </message>
    <message>
        <source>Points outstanding now</source>
        <translation>Puntos pendientes ahora</translation>
    </message>
    <message>
        <source>Points per period</source>
        <translation>Puntos por periodo</translation>
    </message>
    <message>
        <source>Points spent</source>
        <translation>Puntos gastados</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>Puntos</translation>
    </message>
    <message>
        <source>Redemption rate</source>
        <translation>Tasa de canje</translation>
    </message>
    <message>
        <source>Redemptions</source>
        <translation>Canjes</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>Devoluciones</translation>
    </message>
    <message>
        <source>Reward</source>
        <translation>Premio</translation>
    </message>
    <message>
        <source>Rewards redeemed</source>
        <translation>Premios canjeados</translation>
    </message>
    <message>
        <source>Share of orders with a card</source>
        <translation>Proporción de pedidos con tarjeta</translation>
    </message>
    <message>
        <source>Spent</source>
        <translation>Gastados</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>Nivel</translation>
    </message>
    <message>
        <source>Top customers by points earned</source>
        <translation>Mejores clientes por puntos ganados</translation>
    </message>
    <message>
        <source>Top customers by spend</source>
        <translation>Mejores clientes por gasto</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Qué</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>Emitidos</translation>
    </message>
    <message>
        <source>Redeemed</source>
        <translation>Canjeados</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Devueltos</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Caducados</translation>
    </message>
    <message>
        <source>Reversed</source>
        <translation>Revertidos</translation>
    </message>
    <message>
        <source>Adjusted</source>
        <translation>Ajustados</translation>
    </message>
    <message>
        <source>Their value (no points reward active)</source>
        <translation>Su valor (ningún premio de puntos activo)</translation>
    </message>
    <message>
        <source>Points issued</source>
        <translation>Puntos emitidos</translation>
    </message>
    <message>
        <source>Points redeemed</source>
        <translation>Puntos canjeados</translation>
    </message>
    <message>
        <source>Points returned</source>
        <translation>Puntos devueltos</translation>
    </message>
    <message>
        <source>Points expired</source>
        <translation>Puntos caducados</translation>
    </message>
    <message>
        <source>Points reversed</source>
        <translation>Puntos revertidos</translation>
    </message>
    <message>
        <source>Points adjusted</source>
        <translation>Puntos ajustados</translation>
    </message>
    <message>
        <source>Their value ({currency})</source>
        <translation>Su valor ({currency})</translation>
    </message>
    <message>
        <source>Expiring within {days} days</source>
        <translation>Caducan en {days} días</translation>
    </message>
    <message>
        <source>Lapsed (no order in {days} days)</source>
        <translation>Inactivos (sin pedidos en {days} días)</translation>
    </message>
</context>
<context>
    <name>services</name>
    <message>
        <source> × {multiplier} ({tier})</source>
        <translation> × {multiplier} ({tier})</translation>
    </message>
    <message>
        <source>{rule}: {base} eligible → {steps} × {points} per {per}{tier} = {total}</source>
        <translation>{rule}: {base} aplicable → {steps} × {points} por cada {per}{tier} = {total}</translation>
    </message>
    <message>
        <source> × {percent}% eligible</source>
        <translation> × {percent}% aplicable</translation>
    </message>
    <message>
        <source>{rule}: {points} per order{share}{tier} = {total}</source>
        <translation>{rule}: {points} por pedido{share}{tier} = {total}</translation>
    </message>
    <message>
        <source>needs {cost} points; {spendable} available</source>
        <translation>necesita {cost} puntos; {spendable} disponibles</translation>
    </message>
    <message>
        <source>needs {points} points</source>
        <translation>necesita {points} puntos</translation>
    </message>
    <message>
        <source>needs {sku} in the order to replace</source>
        <translation>necesita {sku} en el pedido para sustituirlo</translation>
    </message>
    <message>
        <source>needs an order of at least {amount}</source>
        <translation>necesita un pedido de al menos {amount}</translation>
    </message>
    <message>
        <source>needs {skus} in the order</source>
        <translation>necesita {skus} en el pedido</translation>
    </message>
    <message>
        <source>only for tier {tiers}</source>
        <translation>solo para el nivel {tiers}</translation>
    </message>
    <message>
        <source>no shipping to discount</source>
        <translation>no hay envío que descontar</translation>
    </message>
    <message>
        <source>nothing left to pay</source>
        <translation>no queda nada por pagar</translation>
    </message>
    <message>
        <source>no SMTP server is configured (setting smtp_host)</source>
        <translation>no hay servidor SMTP configurado (ajuste smtp_host)</translation>
    </message>
    <message>
        <source>no sender address is configured (setting smtp_from)</source>
        <translation>no hay dirección de remitente configurada (ajuste smtp_from)</translation>
    </message>
    <message>
        <source>no SMTP password: set {variable} or run `settings smtp-password`</source>
        <translation>falta la contraseña SMTP: defina {variable} o ejecute `settings smtp-password`</translation>
    </message>
    <message>
        <source>{rule}: first order only — not the first order</source>
        <translation>{rule}: solo en el primer pedido — no es el primero</translation>
    </message>
    <message>
        <source>{rule}: already earned this day</source>
        <translation>{rule}: ya conseguido hoy</translation>
    </message>
    <message>
        <source>{rule}: already earned this week</source>
        <translation>{rule}: ya conseguido esta semana</translation>
    </message>
    <message>
        <source>{rule}: already earned this month</source>
        <translation>{rule}: ya conseguido este mes</translation>
    </message>
    <message>
        <source>{rule}: already earned this year</source>
        <translation>{rule}: ya conseguido este año</translation>
    </message>
    <message>
        <source>{rule}: order {amount} is below the minimum {minimum}</source>
        <translation>{rule}: el pedido de {amount} no llega al mínimo de {minimum}</translation>
    </message>
    <message>
        <source>{rule}: no eligible items</source>
        <translation>{rule}: ningún artículo aplicable</translation>
    </message>
    <message>
        <source>the local API cannot listen on {address} (another program uses that port?); choose another port</source>
        <translation>la API local no puede escuchar en {address} (¿otro programa usa ese puerto?); elija otro puerto</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not a birthday: write MM-DD or YYYY-MM-DD, e.g. 04-23</source>
        <translation>&apos;{text}&apos; no es un cumpleaños: escríbalo como MM-DD o AAAA-MM-DD, p. ej. 04-23</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not a real date</source>
        <translation>&apos;{text}&apos; no es una fecha que exista</translation>
    </message>
    <message>
        <source>{kind} already rewarded</source>
        <translation>ya se dieron puntos por {kind}</translation>
    </message>
    <message>
        <source>{kind} already rewarded today</source>
        <translation>ya se dieron puntos por {kind} hoy</translation>
    </message>
    <message>
        <source>{kind} already rewarded on {day}</source>
        <translation>ya se dieron puntos por {kind} el {day}</translation>
    </message>
    <message>
        <source>{kind} already rewarded this week</source>
        <translation>ya se dieron puntos por {kind} esta semana</translation>
    </message>
    <message>
        <source>{kind} already rewarded in the week of {start}</source>
        <translation>ya se dieron puntos por {kind} en la semana del {start}</translation>
    </message>
    <message>
        <source>{kind} already rewarded this month</source>
        <translation>ya se dieron puntos por {kind} este mes</translation>
    </message>
    <message>
        <source>{kind} already rewarded in {start}</source>
        <translation>ya se dieron puntos por {kind} en {start}</translation>
    </message>
    <message>
        <source>{kind} already rewarded this year</source>
        <translation>ya se dieron puntos por {kind} este año</translation>
    </message>
    <message>
        <source>&apos;{prefix}&apos; leaves fewer than 4 free digits in a {length}-digit number</source>
        <translation>&apos;{prefix}&apos; deja menos de 4 dígitos libres en un número de {length} dígitos</translation>
    </message>
    <message>
        <source>&apos;{prefix}&apos; must be digits only (0-9)</source>
        <translation>&apos;{prefix}&apos; solo puede tener dígitos (0-9)</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; cannot be a card number: use letters A-Z and digits 0-9 (at least one digit), {foreign_min_length} to {foreign_max_length} characters</source>
        <translation>&apos;{text}&apos; no puede ser un número de tarjeta: use letras A-Z y dígitos 0-9 (al menos un dígito), de {foreign_min_length} a {foreign_max_length} caracteres</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; has {count} digits; card numbers have {min_length} to {max_length}</source>
        <translation>&apos;{text}&apos; tiene {count} dígitos; los números de tarjeta tienen de {min_length} a {max_length}</translation>
    </message>
    <message>
        <source>a card number is required</source>
        <translation>hace falta un número de tarjeta</translation>
    </message>
    <message>
        <source>must be between {min_length} and {max_length}, not {length}</source>
        <translation>debe estar entre {min_length} y {max_length}, no {length}</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not a date as YYYY-MM-DD (e.g. 2026-12-31)</source>
        <translation>&apos;{text}&apos; no es una fecha AAAA-MM-DD (p. ej. 2026-12-31)</translation>
    </message>
    <message>
        <source>give an expiry date or a number of days, not both</source>
        <translation>indique una fecha de caducidad o un número de días, no ambos</translation>
    </message>
    <message>
        <source>the number of days must be a whole number from 0 to {max_valid_days}</source>
        <translation>el número de días debe ser un número entero de 0 a {max_valid_days}</translation>
    </message>
    <message>
        <source>{day} is in the past; a coupon must be valid at least today</source>
        <translation>{day} ya ha pasado; un cupón debe ser válido al menos hoy</translation>
    </message>
    <message>
        <source>{day} is more than ten years ahead</source>
        <translation>{day} está a más de diez años vista</translation>
    </message>
    <message>
        <source>a points reward cannot be paid by a coupon</source>
        <translation>un premio de puntos no se puede pagar con un cupón</translation>
    </message>
    <message>
        <source>at least {min_points} points must be used</source>
        <translation>hay que usar al menos {min_points} puntos</translation>
    </message>
    <message>
        <source>at most {max_points} points can be used</source>
        <translation>se pueden usar como máximo {max_points} puntos</translation>
    </message>
    <message>
        <source>needs at least {min_points} points; {limit} can be used</source>
        <translation>necesita al menos {min_points} puntos; se pueden usar {limit}</translation>
    </message>
    <message>
        <source>only points rewards take a number of points</source>
        <translation>solo los premios de puntos admiten un número de puntos</translation>
    </message>
    <message>
        <source>{points} points are worth more than the {goods_left} left to pay; use at most {most_useful}</source>
        <translation>{points} puntos valen más que los {goods_left} que quedan por pagar; use como máximo {most_useful}</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is ambiguous: write 1250 or 1 250</source>
        <translation>&apos;{text}&apos; es ambiguo: escriba 1250 o 1 250</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is more than {max_opening_points} points</source>
        <translation>&apos;{text}&apos; es más de {max_opening_points} puntos</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is negative; an opening balance is 0 or more</source>
        <translation>&apos;{text}&apos; es negativo; un saldo inicial es 0 o más</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not a date: write YYYY-MM-DD or DD/MM/YYYY, e.g. 2027-03-31</source>
        <translation>&apos;{text}&apos; no es una fecha: escriba AAAA-MM-DD o DD/MM/AAAA, p. ej. 2027-03-31</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not a number of points</source>
        <translation>&apos;{text}&apos; no es un número de puntos</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not a time of day</source>
        <translation>&apos;{text}&apos; no es una hora del día</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not a whole number of points</source>
        <translation>&apos;{text}&apos; no es un número entero de puntos</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not yes or no (write yes/no, true/false or 1/0)</source>
        <translation>&apos;{text}&apos; no es sí o no (escriba yes/no, true/false o 1/0)</translation>
    </message>
    <message>
        <source>the file needs a phone or an email column (or both)</source>
        <translation>el archivo necesita una columna de teléfono o de correo electrónico (o ambas)</translation>
    </message>
    <message>
        <source>has no name in the header</source>
        <translation>no tiene nombre en la cabecera</translation>
    </message>
    <message>
        <source>is a required column and is missing from the header</source>
        <translation>es una columna obligatoria y falta en la cabecera</translation>
    </message>
    <message>
        <source>is not a column of the import; the columns are {names}</source>
        <translation>no es una columna de la importación; las columnas son {names}</translation>
    </message>
    <message>
        <source>appears twice in the header</source>
        <translation>aparece dos veces en la cabecera</translation>
    </message>
    <message>
        <source>{name} is nested too deeply (at most {max_depth} levels)</source>
        <translation>{name} tiene demasiados niveles anidados (como máximo {max_depth})</translation>
    </message>
    <message>
        <source>{name} is not UTF-8 (byte {start}): save it as UTF-8</source>
        <translation>{name} no está en UTF-8 (byte {start}): guárdelo en UTF-8</translation>
    </message>
    <message>
        <source>{name} is not UTF-8 (it looks like UTF-16 or UTF-32): save it as UTF-8</source>
        <translation>{name} no está en UTF-8 (parece UTF-16 o UTF-32): guárdelo en UTF-8</translation>
    </message>
    <message>
        <source>{name} is not accepted: {exc}</source>
        <translation>{name} no se acepta: {exc}</translation>
    </message>
    <message>
        <source>{name} is not valid JSON (line {lineno}, column {colno}: {msg})</source>
        <translation>{name} no es un JSON válido (línea {lineno}, columna {colno}: {msg})</translation>
    </message>
    <message>
        <source>{name} is not valid JSON ({exc})</source>
        <translation>{name} no es un JSON válido ({exc})</translation>
    </message>
    <message>
        <source>&apos;{value}&apos; is not a whole number</source>
        <translation>&apos;{value}&apos; no es un número entero</translation>
    </message>
    <message>
        <source>is longer than {limit} characters ({count})</source>
        <translation>tiene más de {limit} caracteres ({count})</translation>
    </message>
    <message>
        <source>must be a whole number, not {value}</source>
        <translation>debe ser un número entero, no {value}</translation>
    </message>
    <message>
        <source>must be at most {maximum}, not {value}</source>
        <translation>debe ser como máximo {maximum}, no {value}</translation>
    </message>
    <message>
        <source>must be {minimum} or more, not {value}</source>
        <translation>debe ser {minimum} o más, no {value}</translation>
    </message>
    <message>
        <source>must not contain a NUL character</source>
        <translation>no puede contener un carácter NUL</translation>
    </message>
    <message>
        <source>contains a character that is not valid text (a lone surrogate)</source>
        <translation>contiene un carácter que no es texto válido (un sustituto suelto)</translation>
    </message>
    <message>
        <source>must not contain control characters</source>
        <translation>no puede contener caracteres de control</translation>
    </message>
    <message>
        <source>&apos;{raw}&apos; is not a date and time like 2026-11-20T14:30:00+01:00</source>
        <translation>&apos;{raw}&apos; no es una fecha y hora como 2026-11-20T14:30:00+01:00</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not a date like 2027-01-31</source>
        <translation>&apos;{text}&apos; no es una fecha como 2027-01-31</translation>
    </message>
    <message>
        <source>must be a date and time like 2026-11-20T14:30:00+01:00</source>
        <translation>debe ser una fecha y hora como 2026-11-20T14:30:00+01:00</translation>
    </message>
    <message>
        <source>needs a UTC offset, e.g. +01:00</source>
        <translation>necesita una diferencia con UTC, p. ej. +01:00</translation>
    </message>
    <message>
        <source>{moment} is in the future (more than {minutes} minutes from now)</source>
        <translation>{moment} está en el futuro (a más de {minutes} minutos de ahora)</translation>
    </message>
    <message>
        <source>must be an amount of money, not {value}</source>
        <translation>debe ser un importe, no {value}</translation>
    </message>
    <message>
        <source>write the amount as text, e.g. &quot;{value}&quot;: a number with a decimal point is not exact</source>
        <translation>escriba el importe como texto, p. ej. &quot;{value}&quot;: un número con decimales no es exacto</translation>
    </message>
    <message>
        <source>{amount} has more decimals than any currency (4)</source>
        <translation>{amount} tiene más decimales que cualquier moneda (4)</translation>
    </message>
    <message>
        <source>{amount} has more decimals than {currency} allows ({places})</source>
        <translation>{amount} tiene más decimales de los que admite {currency} ({places})</translation>
    </message>
    <message>
        <source>{value} is too large to be an amount of money</source>
        <translation>{value} es demasiado grande para ser un importe</translation>
    </message>
    <message>
        <source>at least one line (or a total) is required</source>
        <translation>hace falta al menos una línea (o un total)</translation>
    </message>
    <message>
        <source>at most {max_lines} lines</source>
        <translation>como máximo {max_lines} líneas</translation>
    </message>
    <message>
        <source>at most {max_rewards} rewards on one order</source>
        <translation>como máximo {max_rewards} premios en un pedido</translation>
    </message>
    <message>
        <source>give either lines or total, not both</source>
        <translation>indique líneas o un total, no ambos</translation>
    </message>
    <message>
        <source>is not a known {what} field (known: {names})</source>
        <translation>no es un campo conocido de {what} (conocidos: {names})</translation>
    </message>
    <message>
        <source>must be a JSON object</source>
        <translation>debe ser un objeto JSON</translation>
    </message>
    <message>
        <source>must be a list</source>
        <translation>debe ser una lista</translation>
    </message>
    <message>
        <source>must be a reward id or an object with id</source>
        <translation>debe ser el id de un premio o un objeto con id</translation>
    </message>
    <message>
        <source>must be an object with sku, quantity and unit_price</source>
        <translation>debe ser un objeto con sku, quantity y unit_price</translation>
    </message>
    <message>
        <source>must be text, not {__name__}</source>
        <translation>debe ser texto, no {__name__}</translation>
    </message>
    <message>
        <source>must be the card number as text, not {__name__}</source>
        <translation>debe ser el número de tarjeta como texto, no {__name__}</translation>
    </message>
    <message>
        <source>this order would earn {points} points, more than this store allows on one order ({limit}, setting max_order_points)</source>
        <translation>este pedido ganaría {points} puntos, más de lo que esta tienda permite en un pedido ({limit}, ajuste max_order_points)</translation>
    </message>
    <message>
        <source>&apos;{code}&apos; is not a country code such as GB, FR or US</source>
        <translation>&apos;{code}&apos; no es un código de país como ES, FR o GB</translation>
    </message>
    <message>
        <source>is longer than {max_length} characters</source>
        <translation>tiene más de {max_length} caracteres</translation>
    </message>
    <message>
        <source>&apos;{address}&apos; is not host:port, e.g. 192.168.1.50:9100</source>
        <translation>&apos;{address}&apos; no es equipo:puerto, p. ej. 192.168.1.50:9100</translation>
    </message>
    <message>
        <source>&apos;{address}&apos; is not vendor:product in hexadecimal, e.g. 04b8:0202 (see lsusb)</source>
        <translation>&apos;{address}&apos; no es fabricante:producto en hexadecimal, p. ej. 04b8:0202 (véase lsusb)</translation>
    </message>
    <message>
        <source>a device path of at most 255 characters, e.g. /dev/usb/lp0</source>
        <translation>una ruta de dispositivo de como máximo 255 caracteres, p. ej. /dev/usb/lp0</translation>
    </message>
    <message>
        <source>the {kind} printer&apos;s address is required, e.g. {example}</source>
        <translation>hace falta la dirección de la impresora {kind}, p. ej. {example}</translation>
    </message>
    <message>
        <source>a template may be at most {max_template_length} characters ({count})</source>
        <translation>una plantilla puede tener como máximo {max_template_length} caracteres ({count})</translation>
    </message>
    <message>
        <source>a template must be text</source>
        <translation>una plantilla debe ser texto</translation>
    </message>
    <message>
        <source>cannot be rendered: {exc}</source>
        <translation>no se puede generar: {exc}</translation>
    </message>
    <message>
        <source>line {lineno}: {message}</source>
        <translation>línea {lineno}: {message}</translation>
    </message>
    <message>
        <source>the {part} template cannot be rendered: {exc}</source>
        <translation>la plantilla del {part} no se puede generar: {exc}</translation>
    </message>
    <message>
        <source>unknown placeholder {names}; known: {names2}</source>
        <translation>marcador desconocido {names}; conocidos: {names2}</translation>
    </message>
    <message>
        <source>unknown placeholders {names}; known: {names2}</source>
        <translation>marcadores desconocidos {names}; conocidos: {names2}</translation>
    </message>
    <message>
        <source>&apos;{key}&apos; was already used to record another action ({action_id} at {at}); use a new id for a new action</source>
        <translation>&apos;{key}&apos; ya se usó para registrar otra acción ({action_id} el {at}); use un id nuevo para una acción nueva</translation>
    </message>
    <message>
        <source>an id cannot be empty (leave it out for a new action)</source>
        <translation>un id no puede estar vacío (omítalo para una acción nueva)</translation>
    </message>
    <message>
        <source>no action &apos;{text}&apos;; {message}</source>
        <translation>no hay ninguna acción &apos;{text}&apos;; {message}</translation>
    </message>
    <message>
        <source>this store has no actions to record at the till (the rules bundle&apos;s &apos;actions&apos;)</source>
        <translation>esta tienda no tiene acciones que registrar en caja (las &apos;actions&apos; del paquete de reglas)</translation>
    </message>
    <message>
        <source>this store&apos;s actions: {actions}</source>
        <translation>acciones de esta tienda: {actions}</translation>
    </message>
    <message>
        <source>{kind} is not active on {when} (see the rules bundle)</source>
        <translation>{kind} no está activa el {when} (véase el paquete de reglas)</translation>
    </message>
    <message>
        <source>{kind} points are given by the daily job on the customer&apos;s birthday, not recorded at the till</source>
        <translation>los puntos de {kind} los da la tarea diaria el día del cumpleaños del cliente, no se registran en caja</translation>
    </message>
    <message>
        <source>{kind} points are given when the customer is enrolled, not recorded at the till</source>
        <translation>los puntos de {kind} se dan al dar de alta al cliente, no se registran en caja</translation>
    </message>
    <message>
        <source>a reason is required (at least 3 characters)</source>
        <translation>hace falta un motivo (al menos 3 caracteres)</translation>
    </message>
    <message>
        <source>must be a non-zero whole number between -{max_adjustment} and {max_adjustment2}</source>
        <translation>debe ser un número entero distinto de cero entre -{max_adjustment} y {max_adjustment2}</translation>
    </message>
    <message>
        <source>removing {points} would take the balance ({balance}) below zero</source>
        <translation>quitar {points} dejaría el saldo ({balance}) por debajo de cero</translation>
    </message>
    <message>
        <source>{number} is {status}; adjust the customer&apos;s current card</source>
        <translation>{number} está {status}; ajuste la tarjeta actual del cliente</translation>
    </message>
    <message>
        <source>1 to 40 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, starting with a letter or digit (e.g. main-till)</source>
        <translation>de 1 a 40 letras, dígitos, &apos;.&apos;, &apos;_&apos; o &apos;-&apos;, empezando por una letra o un dígito (p. ej. caja-principal)</translation>
    </message>
    <message>
        <source>a token named &apos;{name}&apos; exists; revoke it first (api token revoke {name2})</source>
        <translation>ya existe un token llamado &apos;{name}&apos;; revóquelo antes (api token revoke {name2})</translation>
    </message>
    <message>
        <source>no live token named &apos;{name}&apos;</source>
        <translation>no hay ningún token vigente llamado &apos;{name}&apos;</translation>
    </message>
    <message>
        <source>no manager exists yet; the first user added becomes the store&apos;s manager</source>
        <translation>aún no hay ningún encargado; el primer usuario que se añada será el encargado de la tienda</translation>
    </message>
    <message>
        <source>must be between 1 and 10,000</source>
        <translation>debe estar entre 1 y 10.000</translation>
    </message>
    <message>
        <source>must be one of {names}, not &apos;{value}&apos;</source>
        <translation>debe ser uno de {names}, no &apos;{value}&apos;</translation>
    </message>
    <message>
        <source>a batch called &apos;{name}&apos; already exists</source>
        <translation>ya existe un lote llamado &apos;{name}&apos;</translation>
    </message>
    <message>
        <source>a batch called &apos;{name}&apos; is being created</source>
        <translation>se está creando un lote llamado &apos;{name}&apos;</translation>
    </message>
    <message>
        <source>a batch name of 1 to 80 characters is required</source>
        <translation>hace falta un nombre de lote de 1 a 80 caracteres</translation>
    </message>
    <message>
        <source>a reason of at least 3 characters is required</source>
        <translation>hace falta un motivo de al menos 3 caracteres</translation>
    </message>
    <message>
        <source>must be between 1 and {max_batch}</source>
        <translation>debe estar entre 1 y {max_batch}</translation>
    </message>
    <message>
        <source>no batch called &apos;{name}&apos;</source>
        <translation>no hay ningún lote llamado &apos;{name}&apos;</translation>
    </message>
    <message>
        <source>the {length}-digit numbers starting &apos;{prefix}&apos; are nearly all used; choose a longer number or another prefix</source>
        <translation>los números de {length} dígitos que empiezan por &apos;{prefix}&apos; están casi todos usados; elija un número más largo u otro prefijo</translation>
    </message>
    <message>
        <source>the {length}-digit numbers starting &apos;{prefix}&apos; are nearly all used; use a longer number</source>
        <translation>los números de {length} dígitos que empiezan por &apos;{prefix}&apos; están casi todos usados; use un número más largo</translation>
    </message>
    <message>
        <source>{count} more cards do not fit in the {length}-digit numbers starting &apos;{prefix}&apos;: {existing} exist and at most {capacity} may (room for {room}); use a longer number or another prefix</source>
        <translation>{count} tarjetas más no caben en los números de {length} dígitos que empiezan por &apos;{prefix}&apos;: existen {existing} y puede haber como máximo {capacity} (caben {room}); use un número más largo u otro prefijo</translation>
    </message>
    <message>
        <source>{count} more cards do not fit in the {length}-digit numbers: {existing} exist and at most {capacity} may (room for {room}); use a longer number or another prefix</source>
        <translation>{count} tarjetas más no caben en los números de {length} dígitos: existen {existing} y puede haber como máximo {capacity} (caben {room}); use un número más largo u otro prefijo</translation>
    </message>
    <message>
        <source>{number} is already {status}</source>
        <translation>{number} ya está {status}</translation>
    </message>
    <message>
        <source>{number} is {status}; it cannot become {status2}</source>
        <translation>{number} está {status}; no puede pasar a {status2}</translation>
    </message>
    <message>
        <source>{number} is {status}; only an active or suspended card can be replaced</source>
        <translation>{number} está {status}; solo se puede sustituir una tarjeta activa o suspendida</translation>
    </message>
    <message>
        <source>a manager&apos;s PIN is needed to import the catalogue</source>
        <translation>hace falta el PIN de un encargado para importar el catálogo</translation>
    </message>
    <message>
        <source>give a SKU or a barcode</source>
        <translation>indique una referencia o un código de barras</translation>
    </message>
    <message>
        <source>no product has the SKU or barcode &apos;{text}&apos;</source>
        <translation>ningún producto tiene la referencia o el código de barras &apos;{text}&apos;</translation>
    </message>
    <message>
        <source>this till takes its catalogue from the hub ({hub}): import there, e.g. pos-loyalty --db HUB_URL products import FILE</source>
        <translation>esta caja toma el catálogo del servidor central ({hub}): impórtelo allí, p. ej. pos-loyalty --db HUB_URL products import FILE</translation>
    </message>
    <message>
        <source>{count} problem in the catalogue file, nothing imported: {problems}</source>
        <translation>{count} problema en el archivo de catálogo, no se importó nada: {problems}</translation>
    </message>
    <message>
        <source>{count} problems in the catalogue file, nothing imported: {problems}</source>
        <translation>{count} problemas en el archivo de catálogo, no se importó nada: {problems}</translation>
    </message>
    <message>
        <source>{file} cannot be read ({strerror})</source>
        <translation>{file} no se puede leer ({strerror})</translation>
    </message>
    <message>
        <source>{file} does not exist</source>
        <translation>{file} no existe</translation>
    </message>
    <message>
        <source>{file} is a folder, not a CSV file</source>
        <translation>{file} es una carpeta, no un archivo CSV</translation>
    </message>
    <message>
        <source>{file} is larger than {max_file_bytes} MB</source>
        <translation>{file} ocupa más de {max_file_bytes} MB</translation>
    </message>
    <message>
        <source>order {order_id} was {status}; it cannot be fulfilled</source>
        <translation>el pedido {order_id} está {status}; no se puede completar</translation>
    </message>
    <message>
        <source>{coupon} expired on {expires_at}</source>
        <translation>{coupon} caducó el {expires_at}</translation>
    </message>
    <message>
        <source>{coupon} is for reward &apos;{reward_id}&apos;, not &apos;{reward_id2}&apos;</source>
        <translation>{coupon} es para el premio &apos;{reward_id}&apos;, no &apos;{reward_id2}&apos;</translation>
    </message>
    <message>
        <source>{coupon} is not a coupon of this card</source>
        <translation>{coupon} no es un cupón de esta tarjeta</translation>
    </message>
    <message>
        <source>{coupon} is {status}</source>
        <translation>{coupon} está {status}</translation>
    </message>
    <message>
        <source>{coupon} was already used on order {order_id}</source>
        <translation>{coupon} ya se usó en el pedido {order_id}</translation>
    </message>
    <message>
        <source>cannot write {path}: {strerror}</source>
        <translation>no se puede escribir {path}: {strerror}</translation>
    </message>
    <message>
        <source>coupon {code} expired on {expires_at}</source>
        <translation>el cupón {code} caducó el {expires_at}</translation>
    </message>
    <message>
        <source>coupon {code} is {status}: it cannot be used</source>
        <translation>el cupón {code} está {status}: no se puede usar</translation>
    </message>
    <message>
        <source>no coupon &apos;{code}&apos;</source>
        <translation>no hay ningún cupón &apos;{code}&apos;</translation>
    </message>
    <message>
        <source>&apos;{reward_id}&apos; converts points to money: a coupon cannot pay for it</source>
        <translation>&apos;{reward_id}&apos; convierte puntos en dinero: un cupón no puede pagarlo</translation>
    </message>
    <message>
        <source>a coupon code is required</source>
        <translation>hace falta un código de cupón</translation>
    </message>
    <message>
        <source>is longer than 200 characters</source>
        <translation>tiene más de 200 caracteres</translation>
    </message>
    <message>
        <source>no coupon {text}</source>
        <translation>no hay ningún cupón {text}</translation>
    </message>
    <message>
        <source>no reward &apos;{reward_id}&apos; in the active rules</source>
        <translation>no hay ningún premio &apos;{reward_id}&apos; en las reglas activas</translation>
    </message>
    <message>
        <source>{code} is already void</source>
        <translation>{code} ya está anulado</translation>
    </message>
    <message>
        <source>{code} was already used on order {order_id}</source>
        <translation>{code} ya se usó en el pedido {order_id}</translation>
    </message>
    <message>
        <source>choose two different customers</source>
        <translation>elija dos clientes distintos</translation>
    </message>
    <message>
        <source>customer #{customer_id} asked to be forgotten; enrol them again as a new customer</source>
        <translation>el cliente #{customer_id} pidió ser olvidado; dele de alta de nuevo como cliente nuevo</translation>
    </message>
    <message>
        <source>no customer {value}</source>
        <translation>no hay ningún cliente {value}</translation>
    </message>
    <message>
        <source>a key of 1 to {max_key_length} characters is required</source>
        <translation>hace falta una clave de 1 a {max_key_length} caracteres</translation>
    </message>
    <message>
        <source>a whole number from 1 to 10,000</source>
        <translation>un número entero de 1 a 10.000</translation>
    </message>
    <message>
        <source>message {message_id} is {status}; only a message in doubt or failed can be sent again</source>
        <translation>el mensaje {message_id} está {status}; solo se puede reenviar un mensaje dudoso o fallido</translation>
    </message>
    <message>
        <source>no message {message_id}</source>
        <translation>no hay ningún mensaje {message_id}</translation>
    </message>
    <message>
        <source>one of {names}</source>
        <translation>uno de {names}</translation>
    </message>
    <message>
        <source>unknown placeholder &apos;{key}&apos;; known: {names}</source>
        <translation>marcador desconocido &apos;{key}&apos;; conocidos: {names}</translation>
    </message>
    <message>
        <source>must be a whole number of at least 1</source>
        <translation>debe ser un número entero de al menos 1</translation>
    </message>
    <message>
        <source>no order {text}, and not a card of this store: {message}</source>
        <translation>no hay ningún pedido {text}, y no es una tarjeta de esta tienda: {message}</translation>
    </message>
    <message>
        <source>type or scan an order id</source>
        <translation>escriba o escanee el id de un pedido</translation>
    </message>
    <message>
        <source>type or scan an order id, or a card number</source>
        <translation>escriba o escanee el id de un pedido, o un número de tarjeta</translation>
    </message>
    <message>
        <source>&apos;{layout}&apos; is not a layout; choose {names}</source>
        <translation>&apos;{layout}&apos; no es un formato; elija {names}</translation>
    </message>
    <message>
        <source>batch &apos;{batch}&apos; has no cards</source>
        <translation>el lote &apos;{batch}&apos; no tiene tarjetas</translation>
    </message>
    <message>
        <source>give a batch name or card numbers (not both)</source>
        <translation>indique un nombre de lote o números de tarjeta (no ambos)</translation>
    </message>
    <message>
        <source>the folder {folder} cannot be written</source>
        <translation>no se puede escribir en la carpeta {folder}</translation>
    </message>
    <message>
        <source>the folder {folder} does not exist</source>
        <translation>la carpeta {folder} no existe</translation>
    </message>
    <message>
        <source>{numbers} are not a card of this store</source>
        <translation>{numbers} no son tarjetas de esta tienda</translation>
    </message>
    <message>
        <source>{path} is a folder</source>
        <translation>{path} es una carpeta</translation>
    </message>
    <message>
        <source>{path} must end in {suffix}</source>
        <translation>{path} debe terminar en {suffix}</translation>
    </message>
    <message>
        <source>&apos;{value}&apos; is not a customer id such as #12</source>
        <translation>&apos;{value}&apos; no es un id de cliente como #12</translation>
    </message>
    <message>
        <source>a reason is required (at least 3 characters), e.g. &apos;customer&apos;s request by e-mail of 2 May&apos;</source>
        <translation>hace falta un motivo (al menos 3 caracteres), p. ej. &apos;petición del cliente por correo del 2 de mayo&apos;</translation>
    </message>
    <message>
        <source>card {number} has not been given to a customer</source>
        <translation>la tarjeta {number} no se ha entregado a ningún cliente</translation>
    </message>
    <message>
        <source>give a card number of the customer, or #ID</source>
        <translation>indique un número de tarjeta del cliente, o #ID</translation>
    </message>
    <message>
        <source>no customer #{customer}</source>
        <translation>no hay ningún cliente #{customer}</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is later than now</source>
        <translation>&apos;{text}&apos; es posterior a ahora</translation>
    </message>
    <message>
        <source>cannot read {source}: {strerror}</source>
        <translation>no se puede leer {source}: {strerror}</translation>
    </message>
    <message>
        <source>customers or cards of this file were written meanwhile (another import?); nothing was imported: check the file again</source>
        <translation>mientras tanto se escribieron clientes o tarjetas de este archivo (¿otra importación?); no se importó nada: vuelva a comprobar el archivo</translation>
    </message>
    <message>
        <source>{bad} bad row in {file}: nothing was imported</source>
        <translation>{bad} fila errónea en {file}: no se importó nada</translation>
    </message>
    <message>
        <source>{bad} bad rows in {file}: nothing was imported</source>
        <translation>{bad} filas erróneas en {file}: no se importó nada</translation>
    </message>
    <message>
        <source>{file} is empty: the first line must name the columns ({names})</source>
        <translation>{file} está vacío: la primera línea debe nombrar las columnas ({names})</translation>
    </message>
    <message>
        <source>{file} is not UTF-8 text (line {line}); save it from the spreadsheet as &apos;CSV UTF-8&apos;</source>
        <translation>{file} no es texto UTF-8 (línea {line}); guárdelo desde la hoja de cálculo como &apos;CSV UTF-8&apos;</translation>
    </message>
    <message>
        <source>{file}, line 1: {exc}</source>
        <translation>{file}, línea 1: {exc}</translation>
    </message>
    <message>
        <source>{name} is {size} bytes; an import file may be up to {max_file_bytes}</source>
        <translation>{name} ocupa {size} bytes; un archivo de importación puede ocupar hasta {max_file_bytes}</translation>
    </message>
    <message>
        <source>{source} is a folder, not a CSV file</source>
        <translation>{source} es una carpeta, no un archivo CSV</translation>
    </message>
    <message>
        <source>the file has a header but no rows</source>
        <translation>el archivo tiene cabecera pero ninguna fila</translation>
    </message>
    <message>
        <source>has {count} fields; the header has {width}</source>
        <translation>tiene {count} campos; la cabecera tiene {width}</translation>
    </message>
    <message>
        <source>{number} is on line {line} for another customer</source>
        <translation>{number} está en la línea {line} para otro cliente</translation>
    </message>
    <message>
        <source>a name is required (on the first row of each customer)</source>
        <translation>hace falta un nombre (en la primera fila de cada cliente)</translation>
    </message>
    <message>
        <source>{number} is already a card of this store ({status} of {holder})</source>
        <translation>{number} ya es una tarjeta de esta tienda ({status}, de {holder})</translation>
    </message>
    <message>
        <source>{number} is already a card of this store ({status})</source>
        <translation>{number} ya es una tarjeta de esta tienda ({status})</translation>
    </message>
    <message>
        <source>{value} is also on line {line} for another customer</source>
        <translation>{value} también está en la línea {line} para otro cliente</translation>
    </message>
    <message>
        <source>give a phone number or an email address for this customer</source>
        <translation>indique un teléfono o una dirección de correo electrónico para este cliente</translation>
    </message>
    <message>
        <source>card {number}&apos;s balances add up to more than {max_opening_points} points</source>
        <translation>los saldos de la tarjeta {number} suman más de {max_opening_points} puntos</translation>
    </message>
    <message>
        <source>cannot be read as CSV: {exc}</source>
        <translation>no se puede leer como CSV: {exc}</translation>
    </message>
    <message>
        <source>{number} was imported before for {holder}, not {name}</source>
        <translation>{number} ya se importó para {holder}, no para {name}</translation>
    </message>
    <message>
        <source>{number} was imported before for no customer, not {name}</source>
        <translation>{number} ya se importó sin cliente, no para {name}</translation>
    </message>
    <message>
        <source>{expires} is past: these points would expire at once</source>
        <translation>{expires} ya ha pasado: estos puntos caducarían en el acto</translation>
    </message>
    <message>
        <source>{value} already belongs to {holder}, a customer of this store</source>
        <translation>{value} ya pertenece a {holder}, un cliente de esta tienda</translation>
    </message>
    <message>
        <source>differs from line {line}, the same customer (same customer)</source>
        <translation>no coincide con la línea {line}, el mismo cliente (mismo cliente)</translation>
    </message>
    <message>
        <source>differs from line {line}, the same customer (same card)</source>
        <translation>no coincide con la línea {line}, el mismo cliente (misma tarjeta)</translation>
    </message>
    <message>
        <source>{number} was imported before with {stored} points; an opening balance cannot change: adjust the card&apos;s points instead</source>
        <translation>{number} ya se importó con {stored} puntos; un saldo inicial no puede cambiar: ajuste en su lugar los puntos de la tarjeta</translation>
    </message>
    <message>
        <source>{number} was imported before for another customer than this customer&apos;s other cards</source>
        <translation>{number} ya se importó para un cliente distinto del de las otras tarjetas de este cliente</translation>
    </message>
    <message>
        <source>a partial refund needs at least one line and quantity</source>
        <translation>una devolución parcial necesita al menos una línea y una cantidad</translation>
    </message>
    <message>
        <source>a refund id of 1 to 64 characters is required</source>
        <translation>hace falta un id de devolución de 1 a 64 caracteres</translation>
    </message>
    <message>
        <source>a {kind} refund takes every line; give no lines</source>
        <translation>una devolución {kind} incluye todas las líneas; no indique líneas</translation>
    </message>
    <message>
        <source>order {order_id} has no line {position}</source>
        <translation>el pedido {order_id} no tiene línea {position}</translation>
    </message>
    <message>
        <source>order {order_id} is already {status}</source>
        <translation>el pedido {order_id} ya está {status}</translation>
    </message>
    <message>
        <source>refund {refund_id} was already made with different content</source>
        <translation>la devolución {refund_id} ya se hizo con otro contenido</translation>
    </message>
    <message>
        <source>no till named {till} is known here (this database is not attached to a hub)</source>
        <translation>aquí no se conoce ninguna caja llamada {till} (esta base de datos no está conectada a un servidor central)</translation>
    </message>
    <message>
        <source>no till named {till} is known here; tills: {names}</source>
        <translation>aquí no se conoce ninguna caja llamada {till}; cajas: {names}</translation>
    </message>
    <message>
        <source>no till of a store named {store} is known here (this database is not attached to a hub)</source>
        <translation>aquí no se conoce ninguna caja de una tienda llamada {store} (esta base de datos no está conectada a un servidor central)</translation>
    </message>
    <message>
        <source>no till of a store named {store} is known here; stores: {names}</source>
        <translation>aquí no se conoce ninguna caja de una tienda llamada {store}; tiendas: {names}</translation>
    </message>
    <message>
        <source>a number of days from 1 to {max_days}, not {lapsed_days}</source>
        <translation>un número de días de 1 a {max_days}, no {lapsed_days}</translation>
    </message>
    <message>
        <source>a report covers at most {max_days} days</source>
        <translation>un informe abarca como máximo {max_days} días</translation>
    </message>
    <message>
        <source>must be one of {names}, not {value}</source>
        <translation>debe ser uno de {names}, no {value}</translation>
    </message>
    <message>
        <source>no report named {name}; `reports list` shows them</source>
        <translation>no hay ningún informe llamado {name}; `reports list` los muestra</translation>
    </message>
    <message>
        <source>{end} is before the start {start}</source>
        <translation>{end} es anterior al inicio {start}</translation>
    </message>
    <message>
        <source>no rules bundle is active; import one with `pos-loyalty rules import FILE`</source>
        <translation>no hay ningún paquete de reglas activo; importe uno con `pos-loyalty rules import FILE`</translation>
    </message>
    <message>
        <source>rules version {version}: the body does not have checksum {checksum}</source>
        <translation>versión de reglas {version}: el contenido no tiene la suma de control {checksum}</translation>
    </message>
    <message>
        <source>rules version {version}: {message}</source>
        <translation>versión de reglas {version}: {message}</translation>
    </message>
    <message>
        <source>this bundle has no earning rules and no rewards: customers would earn and spend nothing. Confirm to import it anyway (rules {command} --allow-empty)</source>
        <translation>este paquete no tiene reglas para ganar puntos ni premios: los clientes no ganarían ni gastarían nada. Confírmelo para importarlo de todos modos (rules {command} --allow-empty)</translation>
    </message>
    <message>
        <source>this till takes its rules from the hub ({hub}): publish there, e.g. pos-loyalty --db HUB_URL rules {command} FILE</source>
        <translation>esta caja toma las reglas del servidor central ({hub}): publíquelas allí, p. ej. pos-loyalty --db HUB_URL rules {command} FILE</translation>
    </message>
    <message>
        <source>{effective_from} has already passed; leave it out to publish at once</source>
        <translation>{effective_from} ya ha pasado; omítalo para publicar en el acto</translation>
    </message>
    <message>
        <source>{code} is {name} ({sku}), which is no longer sold</source>
        <translation>{code} es {name} ({sku}), que ya no se vende</translation>
    </message>
    <message>
        <source>type a card number, phone, email or name</source>
        <translation>escriba un número de tarjeta, teléfono, correo electrónico o nombre</translation>
    </message>
    <message>
        <source>&apos;{value}&apos; is not a host name such as smtp.example.com (empty: no e-mail is sent)</source>
        <translation>&apos;{value}&apos; no es un nombre de servidor como smtp.example.com (vacío: no se envía correo)</translation>
    </message>
    <message>
        <source>1 to 16 letters, digits or dashes</source>
        <translation>de 1 a 16 letras, dígitos o guiones</translation>
    </message>
    <message>
        <source>a store name of 1 to 120 characters is required</source>
        <translation>hace falta un nombre de tienda de 1 a 120 caracteres</translation>
    </message>
    <message>
        <source>a whole number from {low} to {high}</source>
        <translation>un número entero de {low} a {high}</translation>
    </message>
    <message>
        <source>at most 254 characters, without spaces</source>
        <translation>como máximo 254 caracteres, sin espacios</translation>
    </message>
    <message>
        <source>at most {card_tagline_max} characters on one line</source>
        <translation>como máximo {card_tagline_max} caracteres en una línea</translation>
    </message>
    <message>
        <source>must be above 0 and at most {hard_max_amount}</source>
        <translation>debe ser mayor que 0 y como máximo {hard_max_amount}</translation>
    </message>
    <message>
        <source>on or off</source>
        <translation>activado o desactivado (on u off)</translation>
    </message>
    <message>
        <source>unknown setting &apos;{key}&apos;; known: {names}</source>
        <translation>ajuste desconocido &apos;{key}&apos;; conocidos: {names}</translation>
    </message>
    <message>
        <source>yes or no</source>
        <translation>sí o no (yes o no)</translation>
    </message>
    <message>
        <source>{value} cannot be read as an image</source>
        <translation>{value} no se puede leer como imagen</translation>
    </message>
    <message>
        <source>{value} does not exist</source>
        <translation>{value} no existe</translation>
    </message>
    <message>
        <source>{value} has far too many pixels; a logo may be at most {logo_max_side} pixels a side</source>
        <translation>{value} tiene demasiados píxeles; un logotipo puede tener como máximo {logo_max_side} píxeles de lado</translation>
    </message>
    <message>
        <source>{value} is not a PNG, JPEG or GIF image</source>
        <translation>{value} no es una imagen PNG, JPEG o GIF</translation>
    </message>
    <message>
        <source>{value} is {size} MB; a logo may be at most {logo_max_bytes} MB</source>
        <translation>{value} ocupa {size} MB; un logotipo puede ocupar como máximo {logo_max_bytes} MB</translation>
    </message>
    <message>
        <source>{value} is {width} × {height} pixels; a logo may be at most {logo_max_side} pixels a side (scale it down)</source>
        <translation>{value} mide {width} × {height} píxeles; un logotipo puede tener como máximo {logo_max_side} píxeles de lado (redúzcalo)</translation>
    </message>
    <message>
        <source>give the order id printed on the till&apos;s receipt</source>
        <translation>indique el id del pedido impreso en el tique de la caja</translation>
    </message>
    <message>
        <source>no receipt printer is set up: a manager chooses one in Settings → Receipt printer (or write a PDF: orders slip ORDER_ID --pdf FILE)</source>
        <translation>no hay ninguna impresora de tiques configurada: un encargado elige una en Ajustes → Impresora de tiques (o genere un PDF: orders slip ORDER_ID --pdf FILE)</translation>
    </message>
    <message>
        <source>order {text} was sold without a loyalty card: it has no loyalty slip</source>
        <translation>el pedido {text} se vendió sin tarjeta de fidelidad: no tiene comprobante de fidelidad</translation>
    </message>
    <message>
        <source>one line of at most {max_password_length} characters</source>
        <translation>una línea de como máximo {max_password_length} caracteres</translation>
    </message>
    <message>
        <source>&apos;{till}&apos; is the hub&apos;s own name; give this till another</source>
        <translation>&apos;{till}&apos; es el nombre del propio servidor central; dele otro a esta caja</translation>
    </message>
    <message>
        <source>a hub is a PostgreSQL database: postgresql://user@host:5432/name</source>
        <translation>un servidor central es una base de datos PostgreSQL: postgresql://usuario@equipo:5432/nombre</translation>
    </message>
    <message>
        <source>a number of points, 0 or more (or off)</source>
        <translation>un número de puntos, 0 o más (u off)</translation>
    </message>
    <message>
        <source>a row refers to another that was never sent ({reason}); nothing was written</source>
        <translation>una fila hace referencia a otra que nunca se envió ({reason}); no se escribió nada</translation>
    </message>
    <message>
        <source>a till named {till} is already attached to this hub; give this till another name</source>
        <translation>ya hay una caja llamada {till} conectada a este servidor central; dele otro nombre a esta caja</translation>
    </message>
    <message>
        <source>at most {limit} characters</source>
        <translation>como máximo {limit} caracteres</translation>
    </message>
    <message>
        <source>attach a till&apos;s own SQLite file to the hub; this database is already a PostgreSQL one</source>
        <translation>conecte al servidor central el archivo SQLite de una caja; esta base de datos ya es PostgreSQL</translation>
    </message>
    <message>
        <source>card {number} has {balance} points on the hub (spent on another till); take fewer points</source>
        <translation>la tarjeta {number} tiene {balance} puntos en el servidor central (se gastaron en otra caja); use menos puntos</translation>
    </message>
    <message>
        <source>coupon {subject} was already used on another till</source>
        <translation>el cupón {subject} ya se usó en otra caja</translation>
    </message>
    <message>
        <source>exception {exception_id} is not a duplicate customer</source>
        <translation>la incidencia {exception_id} no es un cliente duplicado</translation>
    </message>
    <message>
        <source>exception {exception_id} was already resolved by {resolved_by}</source>
        <translation>{resolved_by} ya resolvió la incidencia {exception_id}</translation>
    </message>
    <message>
        <source>no exception {exception_id}</source>
        <translation>no hay ninguna incidencia {exception_id}</translation>
    </message>
    <message>
        <source>offline, card {card_number} can spend at most {allowed} points (last synced balance {synced}, safety margin {margin}); take fewer points</source>
        <translation>sin conexión, la tarjeta {card_number} puede gastar como máximo {allowed} puntos (último saldo sincronizado {synced}, margen de seguridad {margin}); use menos puntos</translation>
    </message>
    <message>
        <source>order {name} was already refunded on another till ({names}); nothing was refunded</source>
        <translation>el pedido {name} ya se devolvió en otra caja ({names}); no se devolvió nada</translation>
    </message>
    <message>
        <source>say what was done about it (e.g. &apos;points adjusted&apos;, &apos;customers merged&apos;)</source>
        <translation>diga qué se hizo al respecto (p. ej. &apos;puntos ajustados&apos;, &apos;clientes fusionados&apos;)</translation>
    </message>
    <message>
        <source>the hub cannot be reached ({reason}); the till works offline and syncs later</source>
        <translation>no se puede contactar con el servidor central ({reason}); la caja trabaja sin conexión y sincroniza más tarde</translation>
    </message>
    <message>
        <source>the hub cannot be reached and this till takes no points or coupons offline; sell without rewards</source>
        <translation>no se puede contactar con el servidor central y esta caja no acepta puntos ni cupones sin conexión; venda sin premios</translation>
    </message>
    <message>
        <source>this database is not a hub yet: run `pos-loyalty hub init URL` first</source>
        <translation>esta base de datos aún no es un servidor central: ejecute antes `pos-loyalty hub init URL`</translation>
    </message>
    <message>
        <source>this till does not hold both customers yet; sync first</source>
        <translation>esta caja aún no tiene los dos clientes; sincronice primero</translation>
    </message>
    <message>
        <source>this till is already attached to {current} as {current2}</source>
        <translation>esta caja ya está conectada a {current} como {current2}</translation>
    </message>
    <message>
        <source>this till is not attached to a hub</source>
        <translation>esta caja no está conectada a un servidor central</translation>
    </message>
    <message>
        <source>this till is not attached to a hub (pos-loyalty hub attach URL --till NAME --store NAME)</source>
        <translation>esta caja no está conectada a un servidor central (pos-loyalty hub attach URL --till NAME --store NAME)</translation>
    </message>
    <message>
        <source>cannot be negative</source>
        <translation>no puede ser negativo</translation>
    </message>
    <message>
        <source>must be 1 to {max_page}, not {limit}</source>
        <translation>debe ser de 1 a {max_page}, no {limit}</translation>
    </message>
    <message>
        <source>{until} is before --from {since}</source>
        <translation>{until} es anterior a --from {since}</translation>
    </message>
    <message>
        <source>a user called &apos;{name}&apos; already exists (names ignore upper and lower case)</source>
        <translation>ya existe un usuario llamado &apos;{name}&apos; (los nombres no distinguen mayúsculas de minúsculas)</translation>
    </message>
    <message>
        <source>a user name of 1 to 80 characters is required</source>
        <translation>hace falta un nombre de usuario de 1 a 80 caracteres</translation>
    </message>
    <message>
        <source>a {role}&apos;s PIN is {shortest} to {max_pin_digits} digits (0-9)</source>
        <translation>el PIN de un {role} tiene de {shortest} a {max_pin_digits} dígitos (0-9)</translation>
    </message>
    <message>
        <source>no user called &apos;{name}&apos;</source>
        <translation>no hay ningún usuario llamado &apos;{name}&apos;</translation>
    </message>
    <message>
        <source>the first user must be a manager (who can then add cashiers)</source>
        <translation>el primer usuario debe ser un encargado (que luego puede añadir cajeros)</translation>
    </message>
    <message>
        <source>this PIN cannot be used; choose another</source>
        <translation>este PIN no se puede usar; elija otro</translation>
    </message>
    <message>
        <source>{name} is the last active manager; add another manager first</source>
        <translation>{name} es el último encargado activo; añada antes otro encargado</translation>
    </message>
    <message>
        <source>{name} is the last active manager; make someone else a manager first</source>
        <translation>{name} es el último encargado activo; haga antes encargado a otra persona</translation>
    </message>
    <message>
        <source>issued</source>
        <translation>emitido</translation>
    </message>
    <message>
        <source>redeemed</source>
        <translation>canjeado</translation>
    </message>
    <message>
        <source>void</source>
        <translation>anulado</translation>
    </message>
    <message>
        <source>committed</source>
        <translation>registrado</translation>
    </message>
    <message>
        <source>partially_refunded</source>
        <translation>devuelto en parte</translation>
    </message>
    <message>
        <source>refunded</source>
        <translation>devuelto</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelado</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>pendiente</translation>
    </message>
    <message>
        <source>sending</source>
        <translation>enviándose</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>enviado</translation>
    </message>
    <message>
        <source>in_doubt</source>
        <translation>dudoso</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fallido</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>bloqueado</translation>
    </message>
    <message>
        <source>cashier</source>
        <translation>cajero</translation>
    </message>
    <message>
        <source>manager</source>
        <translation>encargado</translation>
    </message>
    <message>
        <source>full</source>
        <translation>total</translation>
    </message>
    <message>
        <source>partial</source>
        <translation>parcial</translation>
    </message>
    <message>
        <source>cancel</source>
        <translation>de cancelación</translation>
    </message>
    <message>
        <source>network</source>
        <translation>de red</translation>
    </message>
    <message>
        <source>usb</source>
        <translation>USB</translation>
    </message>
    <message>
        <source>file</source>
        <translation>de archivo</translation>
    </message>
    <message>
        <source>subject</source>
        <translation>asunto</translation>
    </message>
    <message>
        <source>sign-up</source>
        <translation>alta</translation>
    </message>
    <message>
        <source>text</source>
        <translation>texto</translation>
    </message>
    <message>
        <source>html</source>
        <translation>HTML</translation>
    </message>
    <message>
        <source>review</source>
        <translation>reseña</translation>
    </message>
    <message>
        <source>social share</source>
        <translation>compartir en redes</translation>
    </message>
    <message>
        <source>birthday</source>
        <translation>cumpleaños</translation>
    </message>
    <message>
        <source>active</source>
        <translation>activa</translation>
    </message>
    <message>
        <source>suspended</source>
        <translation>suspendida</translation>
    </message>
    <message>
        <source>replaced</source>
        <translation>sustituida</translation>
    </message>
    <message>
        <source>unassigned</source>
        <translation>sin asignar</translation>
    </message>
    <message>
        <source>an amount such as {example} (0 asks a manager for every refund)</source>
        <translation>un importe como {example} (0 pide un encargado para cada devolución)</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not a card number (digits only, 0-9)</source>
        <translation>&apos;{text}&apos; no es un número de tarjeta (solo dígitos, 0-9)</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; fails its check digit — probably mistyped</source>
        <translation>&apos;{text}&apos; no cuadra con su dígito de control — probablemente mal tecleado</translation>
    </message>
    <message>
        <source>{number} is not a card of this store</source>
        <translation>{number} no es una tarjeta de esta tienda</translation>
    </message>
    <message>
        <source>{number} was replaced by {new}; scan the new card</source>
        <translation>{number} fue sustituida por {new}; escanee la tarjeta nueva</translation>
    </message>
    <message>
        <source>{number} is suspended: it earns nothing until a manager reactivates it</source>
        <translation>{number} está suspendida: no acumula nada hasta que un encargado la reactive</translation>
    </message>
    <message>
        <source>{number} has not been given to a customer yet; enrol the customer first</source>
        <translation>{number} aún no se ha entregado a ningún cliente; dé de alta primero al cliente</translation>
    </message>
    <message>
        <source>the card is {status}; rewards cannot be used</source>
        <translation>la tarjeta está {status}; no se pueden usar premios</translation>
    </message>
    <message>
        <source>{number} is already {status}; give the customer an unassigned card</source>
        <translation>{number} ya está {status}; entregue al cliente una tarjeta sin asignar</translation>
    </message>
    <message>
        <source>{reward} costs {cost} points; only {spendable} available</source>
        <translation>{reward} cuesta {cost} puntos; solo hay {spendable} disponibles</translation>
    </message>
    <message>
        <source>{points} points asked but only {spendable} available</source>
        <translation>se piden {points} puntos pero solo hay {spendable} disponibles</translation>
    </message>
    <message>
        <source>&apos;{reward}&apos; is already applied to this order</source>
        <translation>&apos;{reward}&apos; ya está aplicado a este pedido</translation>
    </message>
    <message>
        <source>&apos;{value}&apos; is not an amount of money (write it like {example})</source>
        <translation>&apos;{value}&apos; no es un importe (escríbalo así: {example})</translation>
    </message>
    <message>
        <source>&apos;{value}&apos; is not an amount of money</source>
        <translation>&apos;{value}&apos; no es un importe</translation>
    </message>
    <message>
        <source>is required</source>
        <translation>es obligatorio</translation>
    </message>
    <message>
        <source>cannot be negative ({amount})</source>
        <translation>no puede ser negativo ({amount})</translation>
    </message>
    <message>
        <source>{amount} is not a plausible amount</source>
        <translation>{amount} no es un importe verosímil</translation>
    </message>
    <message>
        <source>{quantity} is more than this store allows on one line ({limit}, setting max_line_quantity)</source>
        <translation>{quantity} es más de lo que esta tienda permite en una línea ({limit}, ajuste max_line_quantity)</translation>
    </message>
    <message>
        <source>the order comes to {total}, more than this store allows ({limit}, setting max_order_total)</source>
        <translation>el pedido suma {total}, más de lo que esta tienda permite ({limit}, ajuste max_order_total)</translation>
    </message>
    <message>
        <source>order {order} was already committed with different content</source>
        <translation>el pedido {order} ya se registró con otro contenido</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not a phone number: letters are not allowed</source>
        <translation>&apos;{text}&apos; no es un número de teléfono: no se admiten letras</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not a phone number: use digits 0-9, spaces, dashes and a leading +</source>
        <translation>&apos;{text}&apos; no es un número de teléfono: use dígitos 0-9, espacios, guiones y un + inicial</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not a phone number of {country} (or give it with +country code)</source>
        <translation>&apos;{text}&apos; no es un número de teléfono de {country} (o escríbalo con +prefijo del país)</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not a phone number</source>
        <translation>&apos;{text}&apos; no es un número de teléfono</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not an email address</source>
        <translation>&apos;{text}&apos; no es una dirección de correo electrónico</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not an e-mail address</source>
        <translation>&apos;{text}&apos; no es una dirección de correo electrónico</translation>
    </message>
    <message>
        <source>give a phone number or an email address</source>
        <translation>indique un teléfono o una dirección de correo electrónico</translation>
    </message>
    <message>
        <source>a name is required</source>
        <translation>el nombre es obligatorio</translation>
    </message>
    <message>
        <source>{value} already belongs to {name}</source>
        <translation>{value} ya pertenece a {name}</translation>
    </message>
    <message>
        <source>too many wrong PINs: {who} is locked until {until}; a manager can unlock it sooner</source>
        <translation>demasiados PIN incorrectos: {who} está bloqueado hasta las {until}; un encargado puede desbloquearlo antes</translation>
    </message>
    <message>
        <source>too many wrong PINs: wait {wait} s before the next try</source>
        <translation>demasiados PIN incorrectos: espere {wait} s antes de volver a intentarlo</translation>
    </message>
    <message>
        <source>the PIN for {name} is not correct</source>
        <translation>el PIN de {name} no es correcto</translation>
    </message>
    <message>
        <source>a PIN is required</source>
        <translation>el PIN es obligatorio</translation>
    </message>
    <message>
        <source>the manager PIN is not correct</source>
        <translation>el PIN de encargado no es correcto</translation>
    </message>
    <message>
        <source>a manager&apos;s PIN is required for this action</source>
        <translation>esta acción requiere el PIN de un encargado</translation>
    </message>
    <message>
        <source>no active user called &apos;{name}&apos;</source>
        <translation>no hay ningún usuario activo llamado &apos;{name}&apos;</translation>
    </message>
    <message>
        <source>a user name is required</source>
        <translation>el nombre de usuario es obligatorio</translation>
    </message>
    <message>
        <source>{name} is not a manager</source>
        <translation>{name} no es encargado</translation>
    </message>
    <message>
        <source>a refund above {limit} needs a manager&apos;s PIN</source>
        <translation>una devolución de más de {limit} requiere el PIN de un encargado</translation>
    </message>
    <message>
        <source>only {left} left to refund, not {quantity}</source>
        <translation>solo quedan {left} por devolver, no {quantity}</translation>
    </message>
    <message>
        <source>the quantity to refund must be a whole number of at least 1</source>
        <translation>la cantidad a devolver debe ser un número entero de al menos 1</translation>
    </message>
    <message>
        <source>no order {order}</source>
        <translation>no hay ningún pedido {order}</translation>
    </message>
    <message>
        <source>the database is busy (another till or a long job holds it); try again</source>
        <translation>la base de datos está ocupada (otra caja o un trabajo largo la tiene); inténtelo de nuevo</translation>
    </message>
    <message>
        <source>unit price</source>
        <translation>precio unitario</translation>
    </message>
    <message>
        <source>quantity</source>
        <translation>cantidad</translation>
    </message>
    <message>
        <source>name</source>
        <translation>nombre</translation>
    </message>
    <message>
        <source>collection</source>
        <translation>colección</translation>
    </message>
    <message>
        <source>price</source>
        <translation>precio</translation>
    </message>
    <message>
        <source>card</source>
        <translation>tarjeta</translation>
    </message>
    <message>
        <source>phone</source>
        <translation>teléfono</translation>
    </message>
    <message>
        <source>total</source>
        <translation>total</translation>
    </message>
</context>
<context>
    <name>slip</name>
    <message>
        <source>Loyalty slip</source>
        <translation>Ticket de fidelidad</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Pedido</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Tarjeta</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Order status</source>
        <translation>Estado del pedido</translation>
    </message>
    <message>
        <source>PARTLY REFUNDED</source>
        <translation>DEVUELTO EN PARTE</translation>
    </message>
    <message>
        <source>REFUNDED</source>
        <translation>DEVUELTO</translation>
    </message>
    <message>
        <source>CANCELLED</source>
        <translation>ANULADO</translation>
    </message>
    <message>
        <source>Points earned</source>
        <translation>Puntos ganados</translation>
    </message>
    <message>
        <source> (when fulfilled)</source>
        <translation> (al entregarse)</translation>
    </message>
    <message>
        <source>Points spent</source>
        <translation>Puntos gastados</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Saldo</translation>
    </message>
    <message>
        <source>Reached with this sale:</source>
        <translation>Conseguido con esta compra:</translation>
    </message>
    <message>
        <source>Coupons for you:</source>
        <translation>Cupones para usted:</translation>
    </message>
    <message>
        <source>Coupons used:</source>
        <translation>Cupones usados:</translation>
    </message>
    <message>
        <source>, until {date}</source>
        <translation>, hasta el {date}</translation>
    </message>
    <message>
        <source>{points} expire by {date}</source>
        <translation>{points} caducan el {date}</translation>
    </message>
    <message>
        <source>Next milestone:</source>
        <translation>Próximo hito:</translation>
    </message>
    <message>
        <source>Thank you!</source>
        <translation>¡Gracias!</translation>
    </message>
</context>
</TS>
