/**
 * The Spanish wording of every notice (shared/notices.ts): the Spanish catalog's `notices` section
 * (renderer/src/i18n/es.ts), and what main uses where it speaks Spanish itself (desktop
 * notifications). One sentence per key; the detail (what the PBX or the system said) is shown
 * apart, verbatim.
 */
import type {
  ConferenceControlName,
  NoticeFormat,
  NoticeWordings,
  OperatorField,
  QueueControlName,
  WavFormatParams,
} from './notices';

/** «44,1 kHz estéreo PCM de 16 bits». */
function formatoWav(p: WavFormatParams, f: NoticeFormat): string {
  const canales = p.channels === 1 ? 'mono' : p.channels === 2 ? 'estéreo' : `${p.channels} canales`;
  const codec = p.codec.replace(/^format /, 'formato ');
  return `${f.number(p.rate)} kHz ${canales} ${codec} de ${p.bits} bits`;
}

/** Why a typed value was refused, per field (the contract's rules in shared/ipc.ts). */
const CAMPO_NO_VALIDO: Readonly<Record<OperatorField, string>> = {
  url: 'La URL de la centralita no es válida: debe empezar por http:// o https:// y tener como mucho 2048 caracteres.',
  user: 'El usuario de manager no es válido: no puede estar vacío ni llevar espacios.',
  secret: 'El secreto no es válido: no puede estar vacío ni llevar caracteres de control.',
  postMapping:
    'El destino de subida no es válido: de 1 a 64 letras, dígitos, «-» o «_» (un nombre de [post_mappings]).',
  operatorEndpoint: 'Mi extensión no es válida: escríbala como PJSIP/100.',
  dialContext: 'El contexto de marcado no es válido: solo letras, dígitos, «_», «-» y «.».',
  context: 'El contexto no es válido: solo letras, dígitos, «_», «-» y «.».',
  number: 'El número a marcar solo puede llevar dígitos, * o # (y un + delante).',
  exten: 'La extensión no es válida: solo dígitos, letras, *, #, +, «_», «.» y «-».',
};

const enCola = (queue: string): string => (queue ? ` en ${queue}` : ' en todas las colas');
const QUEUE_DONE_ES: Readonly<Record<QueueControlName, (member: string, queue: string) => string>> = {
  pause: (m, q) => `${m} en pausa${enCola(q)}.`,
  unpause: (m, q) => `${m} ya no está en pausa${enCola(q)}.`,
  add: (m, q) => `${m} añadido a ${q}.`,
  remove: (m, q) => `${m} quitado de ${q}.`,
  penalty: (m, q) => `Penalización de ${m} cambiada${enCola(q)}.`,
};
const QUEUE_VERB_ES: Readonly<Record<QueueControlName, string>> = {
  pause: 'poner en pausa a',
  unpause: 'quitar la pausa a',
  add: 'añadir a',
  remove: 'quitar a',
  penalty: 'cambiar la penalización de',
};
const quien = (target: string): string =>
  target === 'all' ? 'Todos' : target === 'participants' ? 'Los participantes' : target;
const CONF_DONE_ES: Readonly<Record<ConferenceControlName, (target: string, room: string) => string>> = {
  mute: (t, r) => `${quien(t)}: micrófono cerrado en la sala ${r}.`,
  unmute: (t, r) => `${quien(t)}: micrófono abierto en la sala ${r}.`,
  kick: (t, r) => `${quien(t)}: fuera de la sala ${r}.`,
  lock: (_t, r) => `Sala ${r} cerrada con llave.`,
  unlock: (_t, r) => `Sala ${r} abierta.`,
  'record-start': (_t, r) => `Grabando la sala ${r}.`,
  'record-stop': (_t, r) => `Grabación de la sala ${r} detenida.`,
  join: (t, r) => `${t} enviado a la sala ${r}.`,
};
const CONF_VERB_ES: Readonly<Record<ConferenceControlName, string>> = {
  mute: 'silenciar a',
  unmute: 'quitar el silencio a',
  kick: 'sacar a',
  lock: 'cerrar',
  unlock: 'abrir',
  'record-start': 'empezar a grabar',
  'record-stop': 'dejar de grabar',
  join: 'enviar la llamada a',
};

export const noticesEs: NoticeWordings = {
  internal: () => 'Error interno de la consola.',

  'ajam.bad-url': (p) =>
    `La dirección de la centralita «${p.url}» no es una URL válida (${
      {
        empty: 'está vacía',
        unparsable: 'no se puede interpretar',
        'no-scheme': 'le falta http:// o https://',
        'not-http': 'no es http ni https',
        'no-host': 'le falta el equipo',
        credentials: 'no puede llevar usuario ni secreto; indíquelos aparte',
        query: 'no puede llevar ?consulta ni #fragmento',
      }[p.problem]
    }). Use http(s)://equipo:puerto/prefijo, p. ej. http://pbx:8088/asterisk (el prefijo de http.conf).`,
  'ajam.no-user': () => 'Falta el usuario de manager: indique el nombre de usuario de manager.conf.',
  'ajam.dns': (p) =>
    `No se ha podido resolver el nombre de la centralita «${p.host}» (DNS). Revise el equipo en la URL.`,
  'ajam.refused': (p) =>
    `Nada acepta conexiones en ${p.origin}. ¿Está Asterisk en marcha con enabled = yes en http.conf, y coinciden bindaddr/bindport (o tlsbindaddr para https) con esta dirección?`,
  'ajam.unreachable': (p) =>
    `No se llega a la centralita en ${p.origin}. Revise la red y bindaddr en http.conf.`,
  'ajam.tls': (p) =>
    `Ha fallado la conexión TLS con ${p.origin}. Revise tlsenable/tlscertfile en http.conf, o confíe en el certificado de la centralita con un archivo de CA o su huella SHA-256.`,
  'ajam.pin-mismatch': (p) =>
    `El certificado de ${p.origin} no coincide con la huella fijada (se esperaba ${p.expected} y llegó ${p.actual}). El certificado de la centralita ha cambiado, o esta no es su centralita: no se ha enviado nada.`,
  'ajam.bad-fingerprint': (p) =>
    `«${p.input}» no es una huella SHA-256 de certificado: se esperan 64 dígitos hexadecimales, con o sin dos puntos (openssl x509 -noout -fingerprint -sha256).`,
  'ajam.not-https': (p) => `${p.url} no es una URL https: con http no hay certificado que comprobar.`,
  'ajam.not-found': (p) =>
    `La centralita ha respondido 404 (no encontrado) para ${p.url}. O el prefijo de la URL no coincide con «prefix» de http.conf (normalmente /asterisk), o manager.conf tiene webenabled = no.`,
  'ajam.http': (p) =>
    `La centralita ha respondido HTTP ${p.status} para ${p.url}, algo que AJAM nunca hace: ¿es esta URL de verdad un servidor http.conf de Asterisk?`,
  'ajam.not-http': (p) => `El servidor de ${p.origin} no ha respondido con HTTP.`,
  'ajam.not-http-try-https': (p) =>
    `El servidor de ${p.origin} no ha respondido con HTTP: ¿es un puerto https? Use una URL https://.`,
  'ajam.auth': (p) =>
    `Se ha rechazado el inicio de sesión como «${p.user}». Revise el usuario y su secreto en manager.conf.`,
  'ajam.permission': (p) =>
    `Permiso denegado: el usuario «${p.user}» necesita write = ${p.classes.split(',').join(' o ')} (o all) en manager.conf para ejecutar ${p.action}.`,
  'ajam.permission-unknown': (p) =>
    `Permiso denegado: al usuario «${p.user}» le falta en manager.conf la clase de escritura que ${p.action} necesita.`,
  'ajam.session-expired': (p) =>
    `La sesión AJAM había caducado, así que Asterisk no ha ejecutado ${p.action}. La consola ha vuelto a iniciar sesión; ${p.action} no se repite solo porque repetirlo no es seguro: envíelo de nuevo si aún lo quiere. (httptimeout de manager.conf fija la duración de la sesión.)`,
  'ajam.session-dropped-again': (p) =>
    `La centralita ha vuelto a cerrar la sesión justo después de iniciarla al ejecutar ${p.action}: revise httptimeout en manager.conf y que solo un Asterisk responda en esta dirección.`,
  'ajam.timeout': (p, f) =>
    `La centralita de ${p.origin} no ha respondido a ${p.action} en ${f.number(p.seconds)} s. Puede estar sobrecargada, o un cortafuegos descarta el tráfico.`,
  'ajam.handshake-timeout': (p, f) =>
    `La centralita de ${p.origin} no ha completado el saludo TLS en ${f.number(p.seconds)} s. Puede estar sobrecargada, o un cortafuegos descarta el tráfico.`,
  'ajam.connect-timeout': (p, f) =>
    `La centralita de ${p.origin} no ha aceptado la conexión en ${f.number(p.seconds)} s. Puede estar sobrecargada, o un cortafuegos descarta el tráfico.`,
  'ajam.connect-timeout-https': (p, f) =>
    `La centralita de ${p.origin} no ha completado la conexión y el saludo TLS en ${f.number(p.seconds)} s: ¿es de verdad un puerto https? (vea tlsbindaddr en http.conf)`,
  'ajam.action-failed': (p) => `${p.action} ha fallado.`,
  'ajam.parse': (p) => `No se ha podido leer la respuesta de la centralita a ${p.action}.`,
  'ajam.too-large': (p, f) =>
    `La respuesta de la centralita a ${p.action} superaba ${f.number(p.mebibytes)} MiB, así que se ha descartado sin leerla y el panel se recarga desde la centralita.`,
  'ajam.closed': () => 'Este programa ha cerrado la conexión con la centralita.',
  'ajam.dropped-http': (p) =>
    `La centralita de ${p.origin} ha cerrado la conexión sin responder. Si ese puerto sirve https (tlsbindaddr de http.conf), use una URL https://; si no, puede que Asterisk se esté reiniciando.`,
  'ajam.dropped': (p) =>
    `La centralita de ${p.origin} ha cerrado la conexión sin responder. Puede que Asterisk se esté reiniciando, o que un proxy intermedio la haya cortado.`,
  'ajam.talk-failed': (p) => `No se puede hablar con la centralita de ${p.origin}.`,

  'ipc.unknown-channel': (p) => `Petición rechazada: no existe el canal IPC ${p.channel}`,
  'ipc.invalid-request': (p) => `Petición «${p.channel}» rechazada: ${p.problems}`,
  'ipc.invalid-field': (p) => CAMPO_NO_VALIDO[p.field],
  'ipc.not-allowed': (p) => `Petición «${p.channel}» rechazada: esta ventana no puede usarla.`,
  'ipc.closed': () => 'La conexión con la consola está cerrada.',
  'ipc.not-files': () =>
    'Subida rechazada: suelte los archivos en la ventana o elíjalos con «Elegir archivos»; no se aceptan rutas ni otros valores.',
  'ipc.not-local-file': (p) => `Subida rechazada: «${p.name}» no es un archivo de este equipo.`,
  'ipc.preload-only': (p) =>
    `Petición «${p.channel}» rechazada: las rutas de archivo solo se aceptan de la aplicación, nunca de una página web.`,
  'ipc.bad-frame': () => 'Mensaje del puente rechazado: no es una petición válida.',
  'bridge.closed': () =>
    'Se ha cerrado la conexión con el servidor de vista previa. Reinicie `npm run preview` y recargue la página.',
  'bridge.refused': () =>
    'El servidor de vista previa ha rechazado esta página: abra exactamente la URL que mostró (con su ?token=), en 127.0.0.1.',
  'bridge.not-connected': () => 'El puente de la vista previa no está conectado.',
  'bridge.too-large': (p, f) =>
    `${p.name} supera el límite de ${f.bytes(p.bytes)} de la vista previa; la aplicación de escritorio no tiene ninguno.`,

  'console.not-connected': () => 'No hay conexión con ninguna centralita: conecte primero.',
  'console.no-operator-listen': () =>
    'Para escuchar una llamada hace falta su propio teléfono: indique la extensión del operador (p. ej. PJSIP/100) en el perfil de conexión.',
  'console.no-operator-dial': () =>
    'Para marcar hace falta su propio teléfono: indique la extensión del operador (p. ej. PJSIP/100) en el perfil de conexión.',
  'console.no-profiles': () =>
    'Los perfiles y ajustes los guarda la aplicación de escritorio; esta ventana no tiene.',
  'console.uploads-unavailable': () => 'Las subidas no están disponibles aquí.',
  'console.demo-unavailable': () => 'La centralita de demostración no está disponible en esta ventana.',
  'console.demo-failed': () => 'No se ha podido arrancar la centralita de demostración.',
  'softphone.not-configured': () =>
    'El softphone no tiene cuenta SIP para esta conexión: indique el usuario y el secreto SIP en el perfil de conexión.',
  'softphone.no-password': (p) =>
    `El softphone del perfil «${p.name}» no tiene un secreto SIP legible en este ordenador: vuelva a escribirlo en el perfil.`,
  'softphone.no-turn-credential': (p) =>
    `El servidor TURN ${p.server} del perfil «${p.name}» no tiene una credencial legible en este ordenador: vuelva a escribirla en el perfil.`,
  'cert.mismatch': (p) =>
    `El servidor ${p.host}:${p.port} presenta ahora un certificado distinto (SHA-256 ${p.sha256}) del que usted aceptó. No se ha confiado en nada; consúltelo antes con el administrador de la centralita.`,

  'cert.other-server': (p) =>
    `El certificado de ${p.origin} no se ha guardado en el perfil «${p.profile}»: ese perfil conecta con ${p.profileOrigin}, y un perfil solo guarda el certificado de su propio servidor. No se ha confiado en nada.`,
  'profile.unknown': (p) => `No existe el perfil ${p.id}.`,
  'profile.secret-needed': (p) => `Introduzca el secreto de «${p.name}»: este sistema no puede guardarlo.`,
  'profile.secret-undecryptable': (p) =>
    `El secreto guardado de «${p.name}» ya no se puede descifrar en este sistema (llavero restablecido o ajustes copiados de otro equipo): introdúzcalo de nuevo.`,
  'profile.no-secret': (p) => `No hay secreto guardado para «${p.name}»: introdúzcalo para conectar.`,
  'profile.invalid': () => 'No se ha podido guardar el perfil.',

  'control.done.hangup': (p) => `${p.channel} colgado.`,
  'control.done.redirect': (p) => `${p.channel} transferido a ${p.exten}.`,
  'control.done.atxfer': (p) => `Transferencia atendida de ${p.channel} a ${p.exten} iniciada.`,
  'control.done.park': (p) => `${p.channel} aparcado.`,
  'control.done.record-start': (p) => `Grabando ${p.channel}.`,
  'control.done.record-stop': (p) => `Grabación de ${p.channel} detenida.`,
  'control.done.listen': (p) => `Su teléfono sonará para escuchar ${p.channel}.`,
  'control.done.whisper': (p) => `Su teléfono sonará para susurrar a ${p.channel}.`,
  'control.done.barge': (p) => `Su teléfono sonará para intervenir en ${p.channel}.`,
  'control.done.dial': (p) => `Su teléfono sonará y después se llamará al ${p.number}.`,
  'control.failed.hangup': (p) => `No se ha podido colgar ${p.channel}.`,
  'control.failed.redirect': (p) => `No se ha podido transferir ${p.channel} a ${p.exten}.`,
  'control.failed.atxfer': (p) =>
    `No se ha podido iniciar la transferencia atendida de ${p.channel} a ${p.exten}.`,
  'control.failed.park': (p) => `No se ha podido aparcar ${p.channel}.`,
  'control.failed.record-start': (p) => `No se ha podido empezar a grabar ${p.channel}.`,
  'control.failed.record-stop': (p) => `No se ha podido detener la grabación de ${p.channel}.`,
  'control.failed.listen': (p) => `No se ha podido escuchar ${p.channel}.`,
  'control.failed.whisper': (p) => `No se ha podido susurrar a ${p.channel}.`,
  'control.failed.barge': (p) => `No se ha podido intervenir en ${p.channel}.`,
  'control.failed.dial': (p) => `No se ha podido llamar al ${p.number}.`,

  'outcome.answered': (p) => `${p.endpoint} ha contestado`,
  'outcome.hung-up': (p) => `${p.endpoint} ha colgado antes de establecerse la llamada`,
  'outcome.no-answer': (p) => `${p.endpoint} no ha contestado`,
  'outcome.busy': (p) => `${p.endpoint} está ocupado`,
  'outcome.declined': (p) => `${p.endpoint} ha rechazado la llamada`,
  'outcome.congestion': (p) => `no se ha podido llegar a ${p.endpoint} (congestión)`,
  'outcome.unavailable': (p) => `${p.endpoint} no está disponible`,
  'outcome.failed': (p) => `no se ha podido llamar a ${p.endpoint} (no disponible o no existe)`,
  'outcome.no-response': (p, f) =>
    `la centralita no ha dicho cómo ha ido la llamada a ${p.endpoint} tras ${f.number(p.seconds)} s`,

  'switchboard.queued.call': (p) => `Llamando a ${p.exten} desde su teléfono…`,
  'switchboard.queued.transfer': (p) => `Transfiriendo ${p.channel} a ${p.exten}…`,
  'switchboard.queued.atxfer': (p) => `Transferencia consultada de ${p.channel} a ${p.exten} iniciada…`,
  'switchboard.queued.pickup': (p) => `Capturando en su teléfono la llamada que suena en ${p.exten}…`,
  'switchboard.queued.park': (p) => `Aparcando ${p.channel}…`,
  'switchboard.queued.unpark': (p) => `Pasando a su teléfono la llamada aparcada en ${p.space} (${p.lot})…`,
  'switchboard.done.dnd-on': (p) => `No molestar activado para ${p.exten}.`,
  'switchboard.done.dnd-off': (p) => `No molestar desactivado para ${p.exten}.`,
  'switchboard.done.forward': (p) => `Las llamadas a ${p.exten} se desvían a ${p.number}.`,
  'switchboard.done.forward-off': (p) => `Las llamadas a ${p.exten} ya no se desvían.`,
  'switchboard.failed.call': (p) => `No se ha podido llamar a ${p.exten}.`,
  'switchboard.failed.transfer': (p) => `No se ha podido transferir ${p.channel} a ${p.exten}.`,
  'switchboard.failed.atxfer': (p) =>
    `No se ha podido iniciar la transferencia consultada de ${p.channel} a ${p.exten}.`,
  'switchboard.failed.pickup': (p) => `No se ha podido capturar la llamada que suena en ${p.exten}.`,
  'switchboard.failed.park': (p) => `No se ha podido aparcar ${p.channel}.`,
  'switchboard.failed.unpark': (p) => `No se ha podido recoger la llamada aparcada en ${p.space} (${p.lot}).`,
  'switchboard.failed.dnd': (p) => `No se ha podido cambiar el no molestar de ${p.exten}.`,
  'switchboard.failed.forward': (p) => `No se ha podido cambiar el desvío de ${p.exten}.`,
  'queue.done': (p) => (QUEUE_DONE_ES[p.control] ?? QUEUE_DONE_ES.pause)(p.member, p.queue),
  'queue.failed': (p) =>
    `No se ha podido ${QUEUE_VERB_ES[p.control] ?? QUEUE_VERB_ES.pause} ${p.member}${p.queue ? ` (${p.queue})` : ''}.`,
  'conference.done': (p) => (CONF_DONE_ES[p.control] ?? CONF_DONE_ES.mute)(p.target, p.conference),
  'conference.failed': (p) =>
    `No se ha podido ${CONF_VERB_ES[p.control] ?? CONF_VERB_ES.mute} ${p.target ? `${p.target} en ` : ''}la sala ${p.conference}.`,
  'switchboard.not-ringing': (p) => `Ahora no suena nada en ${p.exten}.`,
  'switchboard.not-bridged': (p) =>
    `${p.channel} no está hablando con nadie: no hay a quién hacer una transferencia consultada.`,
  'switchboard.not-parked': (p) => `Ahora no hay ninguna llamada aparcada en ${p.space} (${p.lot}).`,
  'switchboard.unknown-channel': (p) => `${p.channel} no es una llamada que la consola conozca ahora.`,
  'switchboard.outcome.transferred': (p) => `${p.channel} se ha transferido a ${p.exten}.`,
  'switchboard.outcome.atxfer-done': (p) =>
    `La transferencia consultada de ${p.channel} a ${p.exten} se ha completado.`,
  'switchboard.outcome.parked': (p) => `${p.channel} está aparcado en ${p.space} (${p.lot}).`,
  'switchboard.outcome.transfer-failed': (p) => `La centralita no ha transferido ${p.channel} a ${p.exten}.`,
  'switchboard.outcome.hung-up': (p) => `${p.channel} ha colgado antes de terminar.`,
  'switchboard.outcome.picked-up': (p) => `Ha capturado la llamada que sonaba en ${p.exten}.`,
  'switchboard.outcome.unparked': (p) => `Ha recogido la llamada aparcada en ${p.space} (${p.lot}).`,
  'switchboard.outcome.unconfirmed': (p, f) =>
    `La centralita aceptó la petición pero no ha dicho que esté hecha tras ${f.number(p.seconds)} s.`,

  'upload.not-connected': () => 'Conecte primero con la centralita: las subidas usan su sesión.',
  'upload.no-mapping': () =>
    'No hay destino de subida para esta centralita: añada al perfil de conexión el nombre de [post_mappings] de http.conf (p. ej. recordings).',
  'upload.unknown': (p) => `No hay ninguna subida ${p.id} en esta sesión.`,
  'upload.not-retryable': (p) =>
    `La subida ${p.id} no se puede reintentar: solo las que fallaron o se cancelaron.`,
  'upload.not-found': (p) => `No se encuentra el archivo: ${p.path}`,
  'upload.no-permission': (p) => `Sin permiso para leer ${p.path}`,
  'upload.unreadable': (p) => `No se puede leer ${p.path}`,
  'upload.is-folder': (p) => `${p.path} es una carpeta; solo se pueden subir archivos.`,
  'upload.not-regular': (p) => `${p.path} no es un archivo normal; solo se pueden subir archivos.`,
  'upload.bad-name': (p) =>
    `No se puede obtener un nombre seguro para la centralita a partir de «${p.name}»; cambie el nombre del archivo.`,
  'upload.no-extension': (p) =>
    `${p.name} no tiene extensión; Asterisk elige el formato por ella (por ejemplo .wav, .gsm, .ulaw, .sln16).`,
  'upload.bad-extension': (p) =>
    `.${p.ext} no es un formato de sonido que Asterisk reproduzca. Se admiten: ${p.allowed}.`,
  'upload.extension-case': (p) =>
    `.${p.ext} no es un formato de sonido que Asterisk reproduzca (Asterisk distingue mayúsculas en las extensiones: use .${p.lower}).`,
  'upload.empty': (p) => `${p.name} está vacío.`,
  'upload.too-large': (p, f) =>
    `${p.name} ocupa ${f.bytes(p.bytes)}: Asterisk lee el Content-Length de la subida en un entero de 32 bits con signo, así que no se puede subir nada de 2 GiB o más. Divida o comprima la grabación.`,

  'upload.renamed': (p) =>
    `Se guardará como ${p.name}: «${p.original}» tiene caracteres que no son seguros en un nombre de archivo de la centralita.`,
  'upload.already-sent': (p) =>
    `${p.name} ya se envió en esta sesión: Asterisk lo sobrescribe sin preguntar.`,
  'upload.not-wav': () =>
    'No es un archivo WAV (falta la cabecera RIFF/WAVE): Asterisk no podrá reproducirlo.',
  'upload.wav-no-format': () =>
    'Este archivo WAV no tiene un bloque de formato (fmt) legible: Asterisk no podrá reproducirlo.',
  'upload.wav49-rename': (p, f) =>
    `Asterisk lee los archivos .${p.ext} como GSM dentro de WAV (WAV49), pero este es ${formatoWav(p, f)}: cámbiele la extensión a .${p.to} en minúsculas.`,
  'upload.wav49-convert': (p, f) =>
    `Asterisk lee los archivos .${p.ext} como GSM dentro de WAV (WAV49), pero este es ${formatoWav(p, f)}: conviértalo a PCM de 16 bits mono a 8 kHz y llámelo .wav.`,
  'upload.wav-unplayable': (p, f) =>
    `Este archivo WAV es ${formatoWav(p, f)}; Asterisk reproduce PCM de 16 bits mono a 8 o 16 kHz, así que hay que convertirlo o no se podrá reproducir.`,
  'upload.wav-rate': (p, f) =>
    `Este archivo es ${formatoWav(p, f)}, pero Asterisk lee los .${p.ext} a ${f.number(p.kHz)} kHz: llámelo .${p.to}.`,

  'upload.failed': () => 'La subida ha fallado.',
  'upload.plain-http-refused': (p) =>
    `No se sube ${p.name} por http sin cifrar a ${p.host}: el módulo de subidas de Asterisk falla así y puede bloquearse. Use https.`,
  'upload.permission': () =>
    'La centralita ha rechazado la subida: a este usuario de manager le falta write = config en manager.conf, que las subidas necesitan.',
  'upload.no-session': () => 'La centralita no acepta esta sesión de manager para subidas.',
  'upload.no-reply': () =>
    'La centralita no ha respondido tras enviarse el archivo entero: la subida se da por fallida.',
  'upload.pbx-refused': () => 'La centralita ha rechazado la subida.',
  'upload.no-mapping-on-pbx': () =>
    'La centralita no tiene ningún destino de subida con este nombre: revise el perfil y http.conf.',
  'upload.connect-failed': () => 'No se puede conectar con la centralita para subir.',
  'upload.tls-failed': () => 'No se ha aceptado el certificado de la centralita para la subida.',
  'upload.file-changed': () => 'El archivo ha cambiado mientras se enviaba.',
  'upload.file-grew': (p, f) =>
    `${p.name} ha crecido de ${f.bytes(p.sentBytes)} a ${f.bytes(p.nowBytes)} mientras se subía: la centralita solo ha guardado los primeros ${f.bytes(p.sentBytes)}, así que no cuenta como subido. Súbalo de nuevo cuando termine la grabación o la copia.`,
  'upload.file-modified': (p) =>
    `${p.name} se ha modificado mientras se subía: la centralita puede tener una mezcla de contenido antiguo y nuevo, así que no cuenta como subido. Súbalo de nuevo.`,
  'upload.early-reply': (p, f) =>
    `La centralita ha respondido 200 cuando solo se habían enviado ${f.bytes(p.sentBytes)} de ${f.bytes(p.totalBytes)} de ${p.name}. Asterisk solo responde tras leer la subida entera, así que esta respuesta no significa que el archivo se haya guardado: compruebe que la URL del perfil llega al propio Asterisk (no a un proxy ni a otro servidor).`,
  'pipeline.not-audio': (p) =>
    `${p.name} no es una grabación .${p.ext} (su contenido es ${p.found === 'text' ? 'texto' : p.found === 'unknown' ? 'de otro formato' : `un archivo ${p.found.toUpperCase()}`}), así que no se ha enviado: la centralita lo reproduciría como ruido.`,
  'pipeline.renamed': (p) =>
    p.why === 'case'
      ? `${p.original} se guarda como ${p.name}: Asterisk lee la extensión en minúsculas.`
      : p.why === 'wav-format'
        ? `${p.original} se guarda como ${p.name}, la extensión con la que Asterisk reproduce su formato WAV.`
        : `Ya se subió otro archivo como ${p.original}, así que este se guarda como ${p.name}.`,
  'pipeline.duplicate': (p) =>
    `${p.name} con este mismo contenido ya está en la centralita: no se envía de nuevo.`,
  'pipeline.name-taken': (p) =>
    `Ya se subió otro archivo como ${p.name} y el perfil dice omitir estos archivos: no se envía (Asterisk habría sustituido el anterior).`,
  'pipeline.ask': (p) =>
    `Ya se subió otro archivo como ${p.name}: ¿omitir este, sustituir el anterior o guardarlo con otro nombre?`,
  'pipeline.overwrote': (p) =>
    `${p.name} ha sustituido al archivo subido antes con el mismo nombre, como dice el perfil.`,
  'pipeline.not-connected': () => 'Esperando la conexión con la centralita.',
  'pipeline.resent': (p) =>
    `${p.name} se ha enviado de nuevo: el intento anterior terminó sin la respuesta de la centralita (la aplicación se detuvo), y el mismo contenido con el mismo nombre se sustituye a sí mismo.`,
  'pipeline.move-failed': (p) => `Subido, pero no se ha podido mover ${p.path} a ${p.to}.`,
  'pipeline.delete-failed': (p) => `Subido, pero no se ha podido borrar ${p.path}.`,
  'pipeline.folder-unavailable': (p) =>
    `No se puede leer la carpeta vigilada ${p.path}: compruebe que existe y que está compartida con este usuario.`,
  'pipeline.journal-failed': (p) =>
    `No se puede escribir el diario de subidas ${p.path} (disco lleno o sin permiso), así que no se envía nada más: sin él una subida podría perderse o enviarse dos veces. Libere espacio o corrija el permiso y vuelva a iniciar la cadena.`,
  'pipeline.unavailable': () => 'La cadena de grabaciones no está disponible aquí.',
  'pipeline.unknown-entry': (p) => `No hay ninguna entrada ${p.id} en el historial.`,
  'pipeline.folder-not-chosen': (p) =>
    `Elija las carpetas vigiladas con el botón Añadir carpeta: ${p.path} no se eligió allí, así que no se guardó.`,
  'pipeline.export-failed': (p) => `No se pudo escribir el historial en ${p.file}.`,
};

/** Main's Spanish formatting, where main itself speaks Spanish (desktop notifications). */
export const spanishFormat: NoticeFormat = {
  number: (value) => value.toLocaleString('es-ES', { maximumFractionDigits: 1 }),
  bytes: (value) => {
    const units = ['B', 'KB', 'MB', 'GB'];
    let v = value;
    let u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return `${v.toLocaleString('es-ES', { maximumFractionDigits: u === 0 ? 0 : 1 })} ${units[u]}`;
  },
};
